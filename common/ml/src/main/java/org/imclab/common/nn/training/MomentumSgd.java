package org.imclab.common.nn.training;

import ai.djl.ndarray.NDArray;
import java.util.function.DoubleSupplier;

/**
 * SGD with (Nesterov) momentum and L2 weight decay, with PyTorch's {@code torch.optim.SGD} semantics so
 * results and hyper-parameters carry over: {@code g = grad + wd·w; b = μ·b + g;} then
 * {@code w -= lr·b}, or with Nesterov {@code w -= lr·(g + μ·b)} (Sutskever et al. 2013, as PyTorch
 * formulates it). DJL's own Nag keeps no weight decay and a different momentum form.
 */
public class MomentumSgd extends StatefulOptimizer {

    private final float momentum;
    private final boolean nesterov;

    public MomentumSgd(DoubleSupplier learningRate, float momentum, boolean nesterov, float weightDecay) {
        super(learningRate, weightDecay);
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = (float) learningRate.getAsDouble();
        nextStep(parameterId);
        NDArray g = prepared(grad);
        try {
            if (weightDecay > 0) {
                // Out of place: g may be the gradient itself, which the caller owns.
                NDArray decayed;
                try (NDArray decay = weight.mul(weightDecay)) {
                    decayed = g.add(decay);
                }
                if (g != grad) {
                    g.close();
                }
                g = decayed;
            }
            if (momentum == 0) {
                try (NDArray step = g.mul(lr)) {
                    weight.subi(step);
                }
                return;
            }
            NDArray b = buffer(parameterId, "momentum", weight);
            b.muli(momentum).addi(g);
            if (nesterov) {
                try (NDArray look = b.mul(momentum)) {
                    look.addi(g).muli(lr);
                    weight.subi(look);
                }
            } else {
                try (NDArray step = b.mul(lr)) {
                    weight.subi(step);
                }
            }
        } finally {
            if (g != grad) {
                g.close();
            }
        }
    }
}
