package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The optimizers against the update rules written out by hand (PyTorch's formulation). */
class OptimizerTest {

    @Test
    void sgdWithMomentumAndWeightDecay() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f});
            MomentumSgd sgd = new MomentumSgd(() -> 0.1, 0.9f, false, 0.01f);
            sgd.update("w", w, m.create(new float[] {0.5f, 0.5f}));
            // g = 0.5 + 0.01*w = [0.51, 0.48]; b = g; w -= 0.1*b
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.949f, -2.048f}, within(1e-6f));
            sgd.update("w", w, m.create(new float[] {0.5f, 0.5f}));
            // g = [0.50949, 0.47952]; b = 0.9*b + g = [0.96849, 0.91152]; w -= 0.1*b
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.852151f, -2.139152f}, within(1e-5f));
        }
    }

    @Test
    void nesterovLooksAhead() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f});
            MomentumSgd nag = new MomentumSgd(() -> 0.1, 0.9f, true, 0f);
            nag.update("w", w, m.create(new float[] {1f}));
            // b = 1; step = g + 0.9*b = 1.9; w = 1 - 0.19
            assertThat(w.toFloatArray()[0]).isCloseTo(0.81f, within(1e-6f));
            nag.update("w", w, m.create(new float[] {1f}));
            // b = 0.9 + 1 = 1.9; step = 1 + 1.71 = 2.71; w = 0.81 - 0.271
            assertThat(w.toFloatArray()[0]).isCloseTo(0.539f, within(1e-6f));
        }
    }

    @Test
    void adamFirstStepMovesByTheLearningRateAndAdamWDecaysSeparately() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 1f});
            new AdamOptimizer(() -> 0.01, 0.9f, 0.999f, 1e-8f, 0f, false).update("w", w,
                    m.create(new float[] {3f, -0.2f}));
            // Bias-corrected m/sqrt(v) = sign(g) on the first step.
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.99f, 1.01f}, within(1e-6f));

            NDArray v = m.create(new float[] {2f});
            new AdamOptimizer(() -> 0.01, 0.9f, 0.999f, 1e-8f, 0.1f, true).update("v", v, m.create(new float[] {1f}));
            // AdamW: w *= 1 - lr*wd, then the Adam step of 0.01.
            assertThat(v.toFloatArray()[0]).isCloseTo(2f * (1 - 0.001f) - 0.01f, within(1e-6f));

            NDArray u = m.create(new float[] {2f});
            new AdamOptimizer(() -> 0.01, 0.9f, 0.999f, 1e-8f, 0.1f, false).update("u", u, m.create(new float[] {1f}));
            // Adam with L2: the decay enters the gradient, and the first step is still lr*sign(g).
            assertThat(u.toFloatArray()[0]).isCloseTo(1.99f, within(1e-6f));
        }
    }

    @Test
    void adamFollowsPyTorchsBiasCorrectedRuleOverManySteps() {
        // torch.optim.Adam/AdamW written out in double precision: m, v moments, step lr/c1 · m/(√v/√c2 + ε).
        // ε = 1e-3 is large on purpose, so a wrongly corrected ε would show.
        float[] grads = {0.3f, -1.2f, 0.05f, 2f, -0.4f, 0.9f, 0.0f, -0.7f};
        for (boolean decoupled : new boolean[] {false, true}) {
            double lr = 0.05;
            double wd = 0.1;
            double b1 = 0.9;
            double b2 = 0.999;
            double eps = 1e-3;
            double w = 1.5;
            double mom = 0;
            double vel = 0;
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray weight = m.create(new float[] {1.5f});
                AdamOptimizer adam = new AdamOptimizer(() -> lr, (float) b1, (float) b2, (float) eps, (float) wd, decoupled);
                for (int t = 1; t <= grads.length; t++) {
                    double g = grads[t - 1];
                    if (decoupled) {
                        w *= 1 - lr * wd;
                    } else {
                        g += wd * w;
                    }
                    mom = b1 * mom + (1 - b1) * g;
                    vel = b2 * vel + (1 - b2) * g * g;
                    double c1 = 1 - Math.pow(b1, t);
                    double c2 = 1 - Math.pow(b2, t);
                    w -= lr / c1 * mom / (Math.sqrt(vel) / Math.sqrt(c2) + eps);
                    adam.update("w", weight, m.create(new float[] {grads[t - 1]}));
                    assertThat((double) weight.toFloatArray()[0]).as("decoupled=%s step %d", decoupled, t)
                            .isCloseTo(w, within(1e-5));
                }
                adam.close();
            }
        }
    }

    /**
     * The one-pass Java update against libtorch's fused update (the path non-float32 arrays take) on a weight of
     * 1 000 elements over 20 steps, Adam and AdamW: the two differ only by float rounding.
     */
    @Test
    void theJavaUpdateMatchesLibtorchsFusedUpdate() {
        java.util.Random r = new java.util.Random(3);
        for (boolean decoupled : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                float[] start = new float[1000];
                for (int i = 0; i < start.length; i++) {
                    start[i] = (float) r.nextGaussian();
                }
                NDArray viaJava = m.create(start);
                NDArray reference = m.create(start);
                NDArray mRef = m.zeros(reference.getShape());
                NDArray vRef = m.zeros(reference.getShape());
                float lr = 0.01f;
                float wd = 0.05f;
                AdamOptimizer adam = new AdamOptimizer(() -> lr, 0.9f, 0.999f, 1e-8f, wd, decoupled);
                for (int t = 1; t <= 20; t++) {
                    float[] grad = new float[start.length];
                    for (int i = 0; i < grad.length; i++) {
                        grad[i] = (float) (r.nextGaussian() * 0.1);
                    }
                    adam.update("w", viaJava, m.create(grad));
                    double sqrtC2 = Math.sqrt(1 - Math.pow(0.999, t));
                    double c1 = 1 - Math.pow(0.9, t);
                    ai.djl.pytorch.jni.JniUtils.adamUpdate((ai.djl.pytorch.engine.PtNDArray) reference,
                            (ai.djl.pytorch.engine.PtNDArray) m.create(grad), (ai.djl.pytorch.engine.PtNDArray) mRef,
                            (ai.djl.pytorch.engine.PtNDArray) vRef, lr, (float) (lr * sqrtC2 / c1), wd, 1f, -1f, 0.9f,
                            0.999f, (float) (1e-8 * sqrtC2), decoupled);
                }
                float[] a = viaJava.toFloatArray();
                float[] b = reference.toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as("decoupled=%s element %d", decoupled, i).isCloseTo(b[i], within(1e-5f));
                    assertThat(a[i]).as("the weights moved").isNotEqualTo(start[i]);
                }
                adam.close();
            }
        }
    }

    @Test
    void stateSurvivesSaveAndLoad() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f, 2f});
            NDArray b = m.create(new float[] {1f, 2f});
            AdamOptimizer first = new AdamOptimizer(() -> 0.01, 0.9f, 0.999f, 1e-8f, 0f, false);
            first.update("p", a, m.create(new float[] {0.3f, -1f}));
            first.update("p", a, m.create(new float[] {0.1f, 2f}));
            AdamOptimizer other = new AdamOptimizer(() -> 0.01, 0.9f, 0.999f, 1e-8f, 0f, false);
            other.update("p", b, m.create(new float[] {0.3f, -1f}));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            other.save(new DataOutputStream(out));
            AdamOptimizer restored = new AdamOptimizer(() -> 0.01, 0.9f, 0.999f, 1e-8f, 0f, false);
            restored.load(new DataInputStream(new ByteArrayInputStream(out.toByteArray())), m);
            restored.update("p", b, m.create(new float[] {0.1f, 2f}));
            assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
        }
    }
}
