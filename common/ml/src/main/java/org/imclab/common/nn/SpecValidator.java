package org.imclab.common.nn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a model spec before anything is built from it. {@link #checkStructure} covers what needs no
 * shapes (names, types, references, hyper-parameters); {@link #validate} adds shape inference through
 * {@link SpecAnalysis} and checks that the graph ends in {@code classes} outputs. The first problem is
 * thrown as an {@link InvalidSpecException} naming the field and the layer.
 */
public final class SpecValidator {

    private SpecValidator() {
    }

    /** Full check: structure, shapes at the spec's input size, and the output width. */
    public static ModelAnalysis validate(ModelSpec spec) {
        ModelAnalysis analysis = SpecAnalysis.analyze(spec);
        int[] out = analysis.outputShape();
        if (out.length != 1 || out[0] != spec.classes()) {
            LayerSpec last = spec.layers().get(spec.layers().size() - 1);
            throw new InvalidSpecException("layers[" + (spec.layers().size() - 1) + "]", last.name(),
                    "the model output is " + Arrays.toString(out) + " but classes is " + spec.classes()
                            + "; the last layer must give [" + spec.classes() + "]");
        }
        return analysis;
    }

    /** Everything that can be checked without shapes. */
    public static void checkStructure(ModelSpec spec) {
        if (spec == null) {
            throw new InvalidSpecException("spec", null, "is missing");
        }
        if (spec.name() == null || spec.name().isBlank()) {
            throw new InvalidSpecException("name", null, "must not be blank");
        }
        checkInput(spec.input(), "input");
        if (spec.classes() <= 0) {
            throw new InvalidSpecException("classes", null, "must be positive");
        }
        atMost(spec.classes(), SpecLimits.MAX_WIDTH, "classes", null);
        if (spec.layers().isEmpty()) {
            throw new InvalidSpecException("layers", null, "must not be empty");
        }
        if (spec.layers().size() > SpecLimits.MAX_LAYERS) {
            throw new InvalidSpecException("layers", null, "has " + spec.layers().size() + " layers, above the limit of "
                    + SpecLimits.MAX_LAYERS);
        }
        checkBasis(spec.basis());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            String at = "layers[" + i + "]";
            if (l == null) {
                throw new InvalidSpecException(at, null, "is null");
            }
            if (l.name() == null || l.name().isBlank()) {
                throw new InvalidSpecException(at + ".name", null, "must not be blank");
            }
            if (ModelSpec.INPUT.equals(l.name())) {
                throw new InvalidSpecException(at + ".name", l.name(), "'input' is reserved for the model input");
            }
            Integer previous = index.putIfAbsent(l.name(), i);
            if (previous != null) {
                throw new InvalidSpecException(at + ".name", l.name(),
                        "duplicate name, already used by layers[" + previous + "]");
            }
            if (LayerTypes.byName(l.type()).isEmpty()) {
                throw new InvalidSpecException(at + ".type", l.name(), "unknown type '" + l.type()
                        + "'; expected one of " + LayerTypes.names());
            }
            checkParameters(spec, l, at);
            checkInputs(spec, i, index, at);
        }
    }

    private static void checkBasis(BasisConfig b) {
        if (b == null) {
            return;
        }
        if (b.rows() <= 0) {
            throw new InvalidSpecException("basis.rows", null, "must be positive");
        }
        if (b.size() <= 0) {
            throw new InvalidSpecException("basis.size", null, "must be positive");
        }
        // The basis is one rows×size parameter matrix, bounded like any layer.
        atMost(b.rows(), SpecLimits.MAX_WIDTH, "basis.rows", null);
        atMost(b.size(), SpecLimits.MAX_WIDTH, "basis.size", null);
        if ((long) b.rows() * b.size() > SpecLimits.MAX_TOTAL_PARAMS) {
            throw new InvalidSpecException("basis.size", null, "rows × size = " + (long) b.rows() * b.size()
                    + " parameters, above the limit of " + SpecLimits.MAX_TOTAL_PARAMS);
        }
        if (b.coeffBits() < 1 || b.coeffBits() > BasisConfig.MAX_COEFF_BITS) {
            throw new InvalidSpecException("basis.coeffBits", null, "must be between 1 and "
                    + BasisConfig.MAX_COEFF_BITS);
        }
        if (b.groups() < 1 || b.groups() > b.size()) {
            throw new InvalidSpecException("basis.groups", null, "must be between 1 and basis.size");
        }
    }

    private static void checkParameters(ModelSpec spec, LayerSpec l, String at) {
        LayerType type = LayerTypes.byName(l.type()).orElseThrow();
        for (LayerField f : LayerField.values()) {
            checkField(type, f, l, at + "." + f.json());
        }
        // What the field table cannot say: relations between fields and with the rest of the spec.
        switch (l.type()) {
            case LayerSpec.CONV -> {
                if (l.out() % l.groups() != 0) {
                    throw new InvalidSpecException(at + ".groups", l.name(),
                            "out " + l.out() + " is not divisible by groups " + l.groups());
                }
            }
            case LayerSpec.MAXPOOL, LayerSpec.AVGPOOL -> {
                // PyTorch and DJL reject pooling padding above half the kernel.
                if (2 * l.padding() > l.kernel()) {
                    throw new InvalidSpecException(at + ".padding", l.name(), "must be at most half the kernel");
                }
            }
            default -> {
            }
        }
        if (l.basis() != null && spec.basis() == null) {
            throw new InvalidSpecException(at + ".basis", l.name(),
                    "references basis '" + l.basis() + "' but the spec has no top-level basis");
        }
    }

    /**
     * One field against {@link LayerTypes}: absent where the type does not take it (so a value is never
     * silently ignored), present where required, and within {@link LayerField}'s bounds.
     */
    private static void checkField(LayerType type, LayerField f, LayerSpec l, String field) {
        Object v = f.valueIn(l);
        LayerType.Use use = type.use(f).orElse(null);
        if (use == null) {
            if (v != null) {
                throw new InvalidSpecException(field, l.name(), "does not apply to " + type.name() + "; "
                        + (type.fields().isEmpty() ? type.name() + " takes no fields besides name, type and inputs"
                                : type.name() + " takes " + type.fieldNames()));
            }
            return;
        }
        if (v == null) {
            if (use.required()) {
                throw new InvalidSpecException(field, l.name(), "is required for " + type.name());
            }
            return;
        }
        if (f.kind() == LayerField.Kind.INTEGER) {
            int n = (Integer) v;
            if (n < f.minimum().intValue()) {
                throw new InvalidSpecException(field, l.name(), (f.minimum().intValue() == 1 ? "must be positive"
                        : "must not be negative") + ", got " + n);
            }
            atMost(n, f.maximum().longValue(), field, l);
        } else if (f.kind() == LayerField.Kind.NUMBER) {
            double x = ((Number) v).doubleValue();
            if (!(x >= f.minimum().doubleValue() && x < f.maximum().doubleValue())) {
                throw new InvalidSpecException(field, l.name(), "must be in [" + f.minimum() + ", " + f.maximum()
                        + "), got " + x);
            }
        } else if (f.kind() == LayerField.Kind.STRING && v.toString().isBlank()) {
            throw new InvalidSpecException(field, l.name(), "must not be blank");
        }
    }

    private static void checkInputs(ModelSpec spec, int i, Map<String, Integer> index, String at) {
        LayerSpec l = spec.layers().get(i);
        List<String> inputs = spec.inputsOf(i);
        LayerType type = LayerTypes.byName(l.type()).orElseThrow();
        if (type.merges() && inputs.size() < type.minInputs()) {
            throw new InvalidSpecException(at + ".inputs", l.name(), l.type() + " needs at least two inputs");
        }
        if (!type.merges() && inputs.size() != 1) {
            throw new InvalidSpecException(at + ".inputs", l.name(), l.type() + " takes exactly one input");
        }
        for (int k = 0; k < inputs.size(); k++) {
            String ref = inputs.get(k);
            String field = at + ".inputs[" + k + "]";
            if (ref == null) {
                throw new InvalidSpecException(field, l.name(), "is null");
            }
            if (ModelSpec.INPUT.equals(ref)) {
                continue;
            }
            Integer target = index.get(ref);
            if (target == null || target == i) {
                int later = spec.indexOf(ref);
                throw new InvalidSpecException(field, l.name(), later >= i
                        ? "forward reference to '" + ref + "' (layers must be in topological order)"
                        : "unknown layer '" + ref + "'");
            }
        }
    }

    /** An input shape: [C,H,W] or [features], positive and within {@link SpecLimits}. */
    static void checkInput(int[] input, String field) {
        if (input == null || (input.length != 1 && input.length != 3)) {
            throw new InvalidSpecException(field, null, "must be [C,H,W] or [features]");
        }
        long elements = 1;
        for (int d : input) {
            if (d <= 0) {
                throw new InvalidSpecException(field, null, "dimensions must be positive");
            }
            elements *= d; // at most 3 factors below 2^31: no long overflow
        }
        if (input.length == 3) {
            atMost(input[0], SpecLimits.MAX_WIDTH, field + "[0]", null);
            atMost(input[1], SpecLimits.MAX_INPUT_SIDE, field + "[1]", null);
            atMost(input[2], SpecLimits.MAX_INPUT_SIDE, field + "[2]", null);
        }
        if (elements > SpecLimits.MAX_INPUT_ELEMENTS) {
            throw new InvalidSpecException(field, null, "has " + elements
                    + " elements per sample, above the limit of " + SpecLimits.MAX_INPUT_ELEMENTS);
        }
    }

    private static void atMost(int v, long max, String field, LayerSpec l) {
        if (v > max) {
            throw new InvalidSpecException(field, l == null ? null : l.name(), "is " + v + ", above the limit of "
                    + max);
        }
    }
}
