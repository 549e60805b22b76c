package org.imclab.common.nn.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import org.imclab.common.nn.BasisConfig;

/**
 * 2-D convolution with BasisN weights: the kernel (Cout, Cin/groups, kh, kw) is assembled from the shared
 * basis and this layer's quantised coefficients ({@link BasisNLayer}), then applied like DJL's
 * {@link Conv2d}. The unrolled row index is {@code (cin * kh + y) * kw + x}, PyTorch's kernel order.
 */
public class BasisNConv extends BasisNLayer {

    private final int kernel;
    private final int stride;
    private final int padding;
    private final int convGroups;
    private long inChannels;

    /**
     * @param basis      the owner block's shared basis parameter (R x N)
     * @param config     the model's basis configuration
     * @param quantizeB  training-time quantisation of B
     * @param filters    output channels
     * @param kernel     square kernel side
     * @param stride     stride in both directions
     * @param padding    zero padding on each side
     * @param convGroups convolution groups
     * @param hasBias    whether a bias is added
     */
    public BasisNConv(Parameter basis, BasisConfig config, BasisQuantization quantizeB, int filters, int kernel,
            int stride, int padding, int convGroups, boolean hasBias) {
        super(basis, config, quantizeB, filters, hasBias);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.convGroups = convGroups;
    }

    @Override
    protected long unrolledRows(Shape input) {
        inChannels = input.get(1);
        return (inChannels / convGroups) * kernel * kernel;
    }

    @Override
    protected Shape kernelShape() {
        return new Shape(outputs, inChannels / convGroups, kernel, kernel);
    }

    @Override
    protected NDList apply(NDArray x, NDArray w, NDArray b) {
        return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1),
                convGroups);
    }

    @Override
    protected Shape[] outputShapes(Shape input) {
        long h = (input.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (input.get(3) + 2L * padding - kernel) / stride + 1;
        return new Shape[] {new Shape(input.get(0), outputs, h, w)};
    }

    public int kernel() {
        return kernel;
    }

    public int convGroups() {
        return convGroups;
    }
}
