package org.imclab.common.nn;

import java.util.function.Function;

/**
 * The per-type fields of a {@link LayerSpec} (everything but {@code name}, {@code type} and {@code inputs}),
 * each with its JSON kind, its bounds and what it means. {@link LayerTypes} says which type takes which;
 * {@link SpecValidator} and {@link SpecSchema} both read the bounds from here, so the published schema and
 * the checks that produce 400s cannot disagree.
 */
public enum LayerField {

    OUT("out", Kind.INTEGER, 1, SpecLimits.MAX_WIDTH, "output channels (conv) or output features (linear)",
            LayerSpec::out),
    KERNEL("kernel", Kind.INTEGER, 1, SpecLimits.MAX_KERNEL, "side of the square kernel or pooling window",
            LayerSpec::kernel),
    STRIDE("stride", Kind.INTEGER, 1, SpecLimits.MAX_KERNEL, "step of the window in both directions",
            LayerSpec::stride),
    PADDING("padding", Kind.INTEGER, 0, SpecLimits.MAX_KERNEL, "zeros added on each side of the input",
            LayerSpec::padding),
    BIAS("bias", Kind.BOOLEAN, null, null, "whether the layer adds a learnt bias (false before a batchnorm)",
            LayerSpec::bias),
    GROUPS("groups", Kind.INTEGER, 1, SpecLimits.MAX_WIDTH,
            "convolution groups; input channels and out must both be divisible by it (groups = channels is a "
                    + "depthwise convolution)", LayerSpec::groups),
    P("p", Kind.NUMBER, 0, 1, "probability of zeroing an element while training; at least 0, below 1",
            LayerSpec::p),
    BASIS("basis", Kind.STRING, null, null,
            "name of the BasisN basis the layer's weights are built from (the zoo and converter use \"B\"); needs "
                    + "the spec's top-level basis; absent for a dense layer", LayerSpec::basis);

    /** The JSON type of a field's value. */
    public enum Kind {
        INTEGER("integer"), NUMBER("number"), BOOLEAN("boolean"), STRING("string");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        /** The JSON Schema type name. */
        public String json() {
            return json;
        }
    }

    private final String json;
    private final Kind kind;
    private final Number minimum;
    private final Number maximum;
    private final String meaning;
    private final Function<LayerSpec, Object> value;

    LayerField(String json, Kind kind, Number minimum, Number maximum, String meaning,
            Function<LayerSpec, Object> value) {
        this.json = json;
        this.kind = kind;
        this.minimum = minimum;
        this.maximum = maximum;
        this.meaning = meaning;
        this.value = value;
    }

    /** The JSON property name, as in {@link LayerSpec}. */
    public String json() {
        return json;
    }

    public Kind kind() {
        return kind;
    }

    /** Inclusive lower bound of a numeric field; null when unbounded or not numeric. */
    public Number minimum() {
        return minimum;
    }

    /**
     * Upper bound of a numeric field; null when unbounded or not numeric. Inclusive for integers (the
     * {@link SpecLimits}), exclusive for {@code p} (a dropout of 1 would zero everything).
     */
    public Number maximum() {
        return maximum;
    }

    /** Whether {@link #maximum} itself is out of range. */
    public boolean exclusiveMaximum() {
        return kind == Kind.NUMBER;
    }

    public String meaning() {
        return meaning;
    }

    /** The field's value in this layer (after the record's defaults); null when unset. */
    public Object valueIn(LayerSpec layer) {
        return value.apply(layer);
    }
}
