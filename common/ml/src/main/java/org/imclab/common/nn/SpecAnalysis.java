package org.imclab.common.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape inference, parameter and MAC counting over a spec. MACs count conv and linear only, as published
 * model tables do; pooling uses floor mode (PyTorch's default); batchnorm has 2·C parameters (running
 * statistics are buffers, not parameters).
 */
public final class SpecAnalysis {

    private SpecAnalysis() {
    }

    /** Analysis at the spec's own input size. */
    public static ModelAnalysis analyze(ModelSpec spec) {
        SpecValidator.checkStructure(spec);
        return infer(spec, spec.input());
    }

    /**
     * Analysis at another input size (e.g. a 224 px model run at 160 px). The rank and the channel count
     * (features for vectors) must match the spec, because the first layer's weights depend on them.
     */
    public static ModelAnalysis analyze(ModelSpec spec, int[] inputShape) {
        SpecValidator.checkStructure(spec);
        int[] declared = spec.input();
        if (inputShape == null || inputShape.length != declared.length || inputShape[0] != declared[0]) {
            throw new InvalidSpecException("input", null, "input shape " + Arrays.toString(inputShape)
                    + " is incompatible with the spec's " + Arrays.toString(declared));
        }
        SpecValidator.checkInput(inputShape, "input");
        return infer(spec, inputShape);
    }

    private static ModelAnalysis infer(ModelSpec spec, int[] inputShape) {
        Map<String, int[]> shapes = new HashMap<>();
        shapes.put(ModelSpec.INPUT, inputShape.clone());
        List<LayerInfo> infos = new ArrayList<>(spec.layers().size());
        long params = 0;
        long macs = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            String at = "layers[" + i + "]";
            List<String> inputs = spec.inputsOf(i);
            List<int[]> in = inputs.stream().map(shapes::get).toList();
            LayerInfo info = layer(l, at, inputs, in);
            // Checked layer by layer, so the error names the layer that crosses the limit; only conv and
            // linear add parameters and MACs, and their width (out) is the field to change.
            String knob = l.isWeightLayer() ? at + ".out" : at;
            long elements = numel(info.outShape(), knob, l);
            if (elements > SpecLimits.MAX_ACTIVATION_ELEMENTS) {
                throw new InvalidSpecException(knob, l.name(), "the output " + Arrays.toString(info.outShape())
                        + " has " + elements + " elements per sample, above the limit of "
                        + SpecLimits.MAX_ACTIVATION_ELEMENTS);
            }
            params = exactSum(params, info.params(), knob, l);
            if (params > SpecLimits.MAX_TOTAL_PARAMS) {
                throw new InvalidSpecException(knob, l.name(), "brings the model to " + params
                        + " parameters, above the limit of " + SpecLimits.MAX_TOTAL_PARAMS);
            }
            macs = exactSum(macs, info.macs(), knob, l);
            if (macs > SpecLimits.MAX_TOTAL_MACS) {
                throw new InvalidSpecException(knob, l.name(), "brings the model to " + macs
                        + " multiply-accumulates per sample, above the limit of " + SpecLimits.MAX_TOTAL_MACS);
            }
            shapes.put(l.name(), info.outShape());
            infos.add(info);
        }
        return ModelAnalysis.of(infos, infos.get(infos.size() - 1).outShape());
    }

    /** Product of the factors as a long; an overflow is a 400 naming the field, never a wrapped count. */
    private static long product(String field, LayerSpec l, long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            throw new InvalidSpecException(field, l.name(), "sizes multiply beyond 2^63");
        }
        return p;
    }

    private static long exactSum(long a, long b, String field, LayerSpec l) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new InvalidSpecException(field, l.name(), "counts add up beyond 2^63");
        }
    }

    private static long numel(int[] shape, String field, LayerSpec l) {
        return product(field, l, Arrays.stream(shape).asLongStream().toArray());
    }

    private static LayerInfo layer(LayerSpec l, String at, List<String> inputs, List<int[]> in) {
        int[] x = in.get(0);
        switch (l.type()) {
            case LayerSpec.CONV -> {
                needImage(l, at, inputs.get(0), x);
                int cin = x[0];
                if (cin % l.groups() != 0) {
                    throw new InvalidSpecException(at + ".groups", l.name(),
                            "input channels " + cin + " are not divisible by groups " + l.groups());
                }
                int h = window(l, at, x[1]);
                int w = window(l, at, x[2]);
                String out = at + ".out";
                long perOutput = product(out, l, l.kernel(), l.kernel(), cin / l.groups());
                long params = exactSum(product(out, l, perOutput, l.out()), l.hasBias() ? l.out() : 0, out, l);
                long macs = product(out, l, h, w, l.out(), perOutput);
                return info(l, inputs, x, new int[] {l.out(), h, w}, cin, l.out(), l.kernel(), l.stride(),
                        l.groups(), params, macs);
            }
            case LayerSpec.LINEAR -> {
                if (x.length != 1) {
                    throw new InvalidSpecException(at + ".inputs", l.name(), "linear needs a flat input but '"
                            + inputs.get(0) + "' gives " + Arrays.toString(x) + "; add a flatten or globalavgpool layer");
                }
                long macs = product(at + ".out", l, x[0], l.out());
                long params = exactSum(macs, l.hasBias() ? l.out() : 0, at + ".out", l);
                return info(l, inputs, x, new int[] {l.out()}, x[0], l.out(), 0, 0, 1, params, macs);
            }
            case LayerSpec.BATCHNORM -> {
                return info(l, inputs, x, x, 0, 0, 0, 0, 0, 2L * x[0], 0);
            }
            case LayerSpec.RELU, LayerSpec.DROPOUT -> {
                return info(l, inputs, x, x, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.MAXPOOL, LayerSpec.AVGPOOL -> {
                needImage(l, at, inputs.get(0), x);
                int[] out = {x[0], window(l, at, x[1]), window(l, at, x[2])};
                return info(l, inputs, x, out, 0, 0, l.kernel(), l.stride(), 0, 0, 0);
            }
            case LayerSpec.GLOBALAVGPOOL -> {
                needImage(l, at, inputs.get(0), x);
                return info(l, inputs, x, new int[] {x[0]}, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.FLATTEN -> {
                // The input passed the activation limit (an int), so its element count fits the flat shape.
                long n = numel(x, at, l);
                return info(l, inputs, x, new int[] {Math.toIntExact(n)}, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.ADD -> {
                for (int k = 1; k < in.size(); k++) {
                    if (!Arrays.equals(x, in.get(k))) {
                        throw new InvalidSpecException(at + ".inputs[" + k + "]", l.name(), "add needs equal shapes but '"
                                + inputs.get(0) + "' gives " + Arrays.toString(x) + " and '" + inputs.get(k)
                                + "' gives " + Arrays.toString(in.get(k)));
                    }
                }
                return info(l, inputs, x, x, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.CONCAT -> {
                int[] out = x.clone();
                for (int k = 1; k < in.size(); k++) {
                    int[] y = in.get(k);
                    if (y.length != x.length || !Arrays.equals(Arrays.copyOfRange(x, 1, x.length),
                            Arrays.copyOfRange(y, 1, y.length))) {
                        throw new InvalidSpecException(at + ".inputs[" + k + "]", l.name(),
                                "concat joins channels and needs equal other dimensions but '" + inputs.get(0)
                                        + "' gives " + Arrays.toString(x) + " and '" + inputs.get(k) + "' gives "
                                        + Arrays.toString(y));
                    }
                    long joined = (long) out[0] + y[0];
                    // Channels of an image are bounded like a conv's width; features of a vector like an activation.
                    long limit = out.length == 3 ? SpecLimits.MAX_WIDTH : SpecLimits.MAX_ACTIVATION_ELEMENTS;
                    if (joined > limit) {
                        throw new InvalidSpecException(at + ".inputs", l.name(), "concatenates " + joined
                                + (out.length == 3 ? " channels" : " features") + ", above the limit of " + limit);
                    }
                    out[0] = (int) joined;
                }
                return info(l, inputs, x, out, 0, 0, 0, 0, 0, 0, 0);
            }
            default -> throw new InvalidSpecException(at + ".type", l.name(), "unknown type '" + l.type() + "'");
        }
    }

    private static void needImage(LayerSpec l, String at, String from, int[] x) {
        if (x.length != 3) {
            throw new InvalidSpecException(at + ".inputs", l.name(), l.type() + " needs a [C,H,W] input but '"
                    + from + "' gives " + Arrays.toString(x));
        }
    }

    /** Output side of a sliding window in floor mode. */
    private static int window(LayerSpec l, String at, int side) {
        // Kernel, padding and stride are bounded by SpecLimits, so this cannot overflow an int.
        int span = side + 2 * l.padding() - l.kernel();
        if (span < 0) {
            throw new InvalidSpecException(at + ".kernel", l.name(), "kernel " + l.kernel()
                    + " is larger than the padded input side " + (side + 2 * l.padding()));
        }
        return span / l.stride() + 1;
    }

    private static LayerInfo info(LayerSpec l, List<String> inputs, int[] in, int[] out, int cin, int cout,
            int kernel, int stride, int groups, long params, long macs) {
        return new LayerInfo(l.name(), l.type(), List.copyOf(inputs), in.clone(), out.clone(), cin, cout, kernel,
                stride, groups, params, macs);
    }
}
