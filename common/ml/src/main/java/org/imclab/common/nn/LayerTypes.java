package org.imclab.common.nn;

import static org.imclab.common.nn.LayerType.Use.derived;
import static org.imclab.common.nn.LayerType.Use.optional;
import static org.imclab.common.nn.LayerType.Use.required;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of layer types: which fields each takes, their defaults and how many inputs it reads. It is
 * the one source for {@link LayerSpec#TYPES}, the field checks of {@link SpecValidator} and the published
 * {@link SpecSchema}; the defaults here are the ones {@link LayerSpec}'s constructor applies (a test holds
 * the two together). Order is documentation order.
 */
public final class LayerTypes {

    private static final Map<String, LayerType> TYPES = table(
            new LayerType(LayerSpec.CONV, "2-D convolution of a [C,H,W] input; gives [out, H', W'] with "
                    + "H' = floor((H + 2*padding - kernel) / stride) + 1",
                    List.of(required(LayerField.OUT), required(LayerField.KERNEL), optional(LayerField.STRIDE, 1),
                            optional(LayerField.PADDING, 0), optional(LayerField.BIAS, true),
                            optional(LayerField.GROUPS, 1), optional(LayerField.BASIS, null)), 1, 1),
            new LayerType(LayerSpec.LINEAR, "fully connected layer on a flat [features] input; gives [out]",
                    List.of(required(LayerField.OUT), optional(LayerField.BIAS, true),
                            optional(LayerField.BASIS, null)), 1, 1),
            new LayerType(LayerSpec.BATCHNORM, "batch normalisation per channel (per feature of a flat input); "
                    + "2*C learnt parameters; shape unchanged", List.of(), 1, 1),
            new LayerType(LayerSpec.RELU, "max(0, x) element-wise; shape unchanged", List.of(), 1, 1),
            new LayerType(LayerSpec.MAXPOOL, "maximum over kernel x kernel windows of a [C,H,W] input (floor mode)",
                    List.of(required(LayerField.KERNEL), derived(LayerField.STRIDE, "kernel"),
                            optional(LayerField.PADDING, 0)), 1, 1),
            new LayerType(LayerSpec.AVGPOOL, "mean over kernel x kernel windows of a [C,H,W] input (floor mode)",
                    List.of(required(LayerField.KERNEL), derived(LayerField.STRIDE, "kernel"),
                            optional(LayerField.PADDING, 0)), 1, 1),
            new LayerType(LayerSpec.GLOBALAVGPOOL, "mean over height and width: [C,H,W] gives [C]", List.of(), 1, 1),
            new LayerType(LayerSpec.FLATTEN, "[C,H,W] gives [C*H*W]", List.of(), 1, 1),
            new LayerType(LayerSpec.DROPOUT, "zeroes each element with probability p while training, scaling the "
                    + "rest by 1/(1-p); identity at inference; shape unchanged",
                    List.of(optional(LayerField.P, 0.5)), 1, 1),
            new LayerType(LayerSpec.ADD, "element-wise sum of two or more inputs of equal shape (a residual "
                    + "connection)", List.of(), 2, null),
            new LayerType(LayerSpec.CONCAT, "joins two or more inputs along the channel axis (the feature axis of "
                    + "flat inputs); the other dimensions must be equal", List.of(), 2, null));

    private LayerTypes() {
    }

    /** Every type, in documentation order. */
    public static List<LayerType> all() {
        return List.copyOf(TYPES.values());
    }

    /** The type names, in documentation order. */
    public static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }

    /** The type called {@code name}, or empty for an unknown (or null) name. */
    public static Optional<LayerType> byName(String name) {
        return Optional.ofNullable(name == null ? null : TYPES.get(name));
    }

    private static Map<String, LayerType> table(LayerType... types) {
        Map<String, LayerType> m = new LinkedHashMap<>();
        for (LayerType t : types) {
            m.put(t.name(), t);
        }
        return m;
    }
}
