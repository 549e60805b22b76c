package org.imclab.training.engine;

import ai.djl.ndarray.NDArray;
import java.util.function.DoubleSupplier;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1, with bias correction) and AdamW (Loshchilov and Hutter 2019,
 * decoupled weight decay {@code w -= lr·wd·w} before the Adam step), matching PyTorch's
 * {@code torch.optim.Adam}/{@code AdamW}. Plain Adam adds {@code wd·w} to the gradient instead.
 */
public class AdamOptimizer extends StatefulOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean decoupled;

    public AdamOptimizer(DoubleSupplier learningRate, float beta1, float beta2, float epsilon, float weightDecay,
            boolean decoupled) {
        super(learningRate, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.decoupled = decoupled;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = (float) learningRate.getAsDouble();
        long t = nextStep(parameterId);
        NDArray g = prepared(grad);
        try {
            if (weightDecay > 0) {
                if (decoupled) {
                    weight.muli(1 - lr * weightDecay);
                } else {
                    NDArray decayed;
                try (NDArray decay = weight.mul(weightDecay)) {
                    decayed = g.add(decay);
                }
                    if (g != grad) {
                        g.close();
                    }
                    g = decayed;
                }
            }
            NDArray m = buffer(parameterId, "m", weight);
            NDArray v = buffer(parameterId, "v", weight);
            m.muli(beta1);
            try (NDArray scaled = g.mul(1 - beta1)) {
                m.addi(scaled);
            }
            v.muli(beta2);
            try (NDArray sq = g.square()) {
                sq.muli(1 - beta2);
                v.addi(sq);
            }
            double correction1 = 1 - Math.pow(beta1, t);
            double correction2 = 1 - Math.pow(beta2, t);
            float stepSize = (float) (lr / correction1);
            try (NDArray corrected = v.div((float) correction2); NDArray denom = corrected.sqrt()) {
                denom.addi(epsilon);
                try (NDArray step = m.div(denom)) {
                    step.muli(stepSize);
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
