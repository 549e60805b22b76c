package org.imclab.common.nn;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * One named node of a {@link ModelSpec}. Fields that a type does not use stay null (and are left out of
 * the JSON); fields a type does use get their defaults in the compact constructor, so two specs that
 * mean the same thing compare equal: stride 1 and padding 0 for conv, stride = kernel for pooling (as in
 * PyTorch), bias true and groups 1 for conv/linear, p = 0.5 for dropout.
 *
 * @param name    unique layer name; also the DJL parameter prefix
 * @param type    one of {@link #TYPES}; {@link LayerTypes} says which of the fields below each type takes
 * @param out     output channels (conv) or features (linear)
 * @param kernel  kernel side (conv, maxpool, avgpool)
 * @param stride  stride (conv, pooling)
 * @param padding zero padding on each side (conv, pooling)
 * @param bias    whether conv/linear has a bias
 * @param groups  convolution groups
 * @param inputs  names of the layers read; null means the previous layer (or the model input)
 * @param basis   BasisN basis reference for conv/linear; null for a dense layer
 * @param p       dropout probability
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerSpec(
        String name,
        String type,
        Integer out,
        Integer kernel,
        Integer stride,
        Integer padding,
        Boolean bias,
        Integer groups,
        List<String> inputs,
        String basis,
        Double p) {

    public static final String CONV = "conv";
    public static final String LINEAR = "linear";
    public static final String BATCHNORM = "batchnorm";
    public static final String RELU = "relu";
    public static final String MAXPOOL = "maxpool";
    public static final String AVGPOOL = "avgpool";
    public static final String GLOBALAVGPOOL = "globalavgpool";
    public static final String FLATTEN = "flatten";
    public static final String DROPOUT = "dropout";
    public static final String ADD = "add";
    public static final String CONCAT = "concat";

    /** Every layer type the spec knows: the names in {@link LayerTypes}, whose table also lists their fields. */
    public static final Set<String> TYPES = Set.copyOf(LayerTypes.names());

    public LayerSpec {
        inputs = inputs == null ? null : List.copyOf(inputs);
        if (CONV.equals(type)) {
            stride = stride == null ? Integer.valueOf(1) : stride;
            padding = padding == null ? Integer.valueOf(0) : padding;
            groups = groups == null ? Integer.valueOf(1) : groups;
            bias = bias == null ? Boolean.TRUE : bias;
        } else if (LINEAR.equals(type)) {
            bias = bias == null ? Boolean.TRUE : bias;
        } else if (MAXPOOL.equals(type) || AVGPOOL.equals(type)) {
            stride = stride == null ? kernel : stride;
            padding = padding == null ? Integer.valueOf(0) : padding;
        } else if (DROPOUT.equals(type)) {
            p = p == null ? Double.valueOf(0.5) : p;
        }
    }

    public static LayerSpec conv(String name, int out, int kernel, int stride, int padding, boolean bias) {
        return new LayerSpec(name, CONV, out, kernel, stride, padding, bias, 1, null, null, null);
    }

    public static LayerSpec linear(String name, int out) {
        return new LayerSpec(name, LINEAR, out, null, null, null, true, null, null, null, null);
    }

    public static LayerSpec batchnorm(String name) {
        return of(name, BATCHNORM);
    }

    public static LayerSpec relu(String name) {
        return of(name, RELU);
    }

    public static LayerSpec flatten(String name) {
        return of(name, FLATTEN);
    }

    public static LayerSpec globalAvgPool(String name) {
        return of(name, GLOBALAVGPOOL);
    }

    public static LayerSpec maxpool(String name, int kernel, int stride, int padding) {
        return new LayerSpec(name, MAXPOOL, null, kernel, stride, padding, null, null, null, null, null);
    }

    public static LayerSpec avgpool(String name, int kernel, int stride, int padding) {
        return new LayerSpec(name, AVGPOOL, null, kernel, stride, padding, null, null, null, null, null);
    }

    public static LayerSpec dropout(String name, double p) {
        return new LayerSpec(name, DROPOUT, null, null, null, null, null, null, null, null, p);
    }

    public static LayerSpec add(String name, String... inputs) {
        return of(name, ADD).withInputs(List.of(inputs));
    }

    public static LayerSpec concat(String name, String... inputs) {
        return of(name, CONCAT).withInputs(List.of(inputs));
    }

    private static LayerSpec of(String name, String type) {
        return new LayerSpec(name, type, null, null, null, null, null, null, null, null, null);
    }

    public LayerSpec withInputs(List<String> newInputs) {
        return new LayerSpec(name, type, out, kernel, stride, padding, bias, groups, newInputs, basis, p);
    }

    public LayerSpec withOut(Integer newOut) {
        return new LayerSpec(name, type, newOut, kernel, stride, padding, bias, groups, inputs, basis, p);
    }

    public LayerSpec withBasis(String newBasis) {
        return new LayerSpec(name, type, out, kernel, stride, padding, bias, groups, inputs, newBasis, p);
    }

    public LayerSpec withGroups(Integer newGroups) {
        return new LayerSpec(name, type, out, kernel, stride, padding, bias, newGroups, inputs, basis, p);
    }

    /** True for conv and linear, the layers with a weight matrix. */
    @JsonIgnore
    public boolean isWeightLayer() {
        return CONV.equals(type) || LINEAR.equals(type);
    }

    /** Bias flag with its default applied (false for types without a bias). */
    public boolean hasBias() {
        return isWeightLayer() && !Boolean.FALSE.equals(bias);
    }
}
