package org.imclab.common.nn.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.imclab.common.nn.BasisConfig;

/**
 * Fully connected layer with BasisN weights: the (out x in) matrix is assembled from the shared basis and
 * this layer's quantised coefficients ({@link BasisNLayer}), then applied like DJL's {@link Linear} to the
 * last axis of the input.
 */
public class BasisNLinear extends BasisNLayer {

    /**
     * @param basis     the owner block's shared basis parameter (R x N)
     * @param config    the model's basis configuration
     * @param quantizeB training-time quantisation of B
     * @param units     output features
     * @param hasBias   whether a bias is added
     */
    public BasisNLinear(Parameter basis, BasisConfig config, BasisQuantization quantizeB, int units,
            boolean hasBias) {
        super(basis, config, quantizeB, units, hasBias);
    }

    @Override
    protected long unrolledRows(Shape input) {
        return input.get(input.dimension() - 1);
    }

    @Override
    protected Shape kernelShape() {
        return new Shape(outputs, unrolledRows);
    }

    @Override
    protected NDList apply(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b);
    }

    @Override
    protected Shape[] outputShapes(Shape input) {
        long[] dims = input.getShape();
        dims[dims.length - 1] = outputs;
        return new Shape[] {new Shape(dims)};
    }
}
