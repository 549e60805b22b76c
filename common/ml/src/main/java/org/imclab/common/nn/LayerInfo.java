package org.imclab.common.nn;

import java.util.List;

/**
 * One layer of an analysed model spec: what the spec says plus the shapes, parameters and MACs
 * derived from it for a given input size. Crossbar simulation and pruning consume this list.
 *
 * @param name        layer name from the spec (also the DJL parameter prefix)
 * @param type        spec layer type, e.g. "conv", "linear", "batchnorm"
 * @param inputs      names of the layers feeding this one
 * @param inShape     input shape without the batch axis (C,H,W or features)
 * @param outShape    output shape without the batch axis
 * @param inChannels  input channels (conv) or input features (linear); 0 for other types
 * @param outChannels output channels (conv) or output features (linear); 0 for other types
 * @param kernel      kernel side (conv, pooling); 0 otherwise
 * @param stride      stride (conv, pooling); 0 otherwise
 * @param groups      convolution groups (1 for dense convolutions)
 * @param params      learnable parameters of this layer
 * @param macs        multiply-accumulates for one input sample
 */
public record LayerInfo(
        String name,
        String type,
        List<String> inputs,
        int[] inShape,
        int[] outShape,
        int inChannels,
        int outChannels,
        int kernel,
        int stride,
        int groups,
        long params,
        long macs) {

    /** True for layers whose weights are a matrix that a crossbar can hold (conv and linear). */
    public boolean isWeightLayer() {
        return "conv".equals(type) || "linear".equals(type);
    }

    /** Rows of the unrolled weight matrix: kh*kw*Cin/groups for conv, in-features for linear. */
    public long unrolledRows() {
        return "conv".equals(type) ? (long) kernel * kernel * (inChannels / Math.max(1, groups)) : inChannels;
    }

    /** Columns of the unrolled weight matrix: Cout for conv, out-features for linear. */
    public long unrolledCols() {
        return outChannels;
    }

    /** Output pixels per sample: H*W of the output for conv, 1 for linear. */
    public long outputPixels() {
        return "conv".equals(type) && outShape.length == 3 ? (long) outShape[1] * outShape[2] : 1;
    }
}
