package org.imclab.common.nn.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1, with bias correction) and AdamW (Loshchilov and Hutter 2019,
 * decoupled weight decay {@code w -= lr·wd·w} before the Adam step), matching PyTorch's
 * {@code torch.optim.Adam}/{@code AdamW}. Plain Adam adds {@code wd·w} to the gradient instead.
 *
 * <p>The step is {@code w -= a·m/(√v + ε')} with {@code m}, {@code v} uncorrected: PyTorch's bias-corrected step
 * {@code lr/c1 · m / (√v/√c2 + ε)} is the same with {@code a = lr·√c2/c1} and {@code ε' = ε·√c2}.
 *
 * <p>Why the update runs in Java: libtorch's fused update (DJL's {@code adamUpdate}) makes about ten passes over
 * each parameter and allocates four temporaries; LeNet-5's ten parameters took about 0.4 ms per step that way,
 * and 0.2 ms with one pass in Java over copies of the weight and gradient (bench/training/README.md, session 9).
 * The moments live in Java arrays between steps and are written back to their tensors, the optimizer's saved
 * state, before {@link #save}. Non-float32 or non-PyTorch arrays take libtorch's fused update.
 */
public class AdamOptimizer extends StatefulOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean decoupled;
    /** Marks a parameter whose tensor memory cannot be written from Java: it takes libtorch's fused update. */
    private static final float[][] NATIVE = new float[0][];
    /** Per parameter: the moments m and v, and scratch copies of the gradient and the weight. */
    private final Map<String, float[][]> mirrors = new ConcurrentHashMap<>();

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
        NDArray m = buffer(parameterId, "m", weight);
        NDArray v = buffer(parameterId, "v", weight);
        double sqrtC2 = Math.sqrt(1 - Math.pow(beta2, t));
        double c1 = 1 - Math.pow(beta1, t);
        float a = (float) (lr * sqrtC2 / c1);
        float eps = (float) (epsilon * sqrtC2);
        if (weight instanceof PtNDArray w && grad instanceof PtNDArray g && weight.getDataType() == DataType.FLOAT32
                && grad.getDataType() == DataType.FLOAT32 && weight.size() > 0) {
            float[][] s = mirrors.computeIfAbsent(parameterId, k -> aliases(w) ? new float[][] {
                m.toFloatArray(), v.toFloatArray(), new float[Math.toIntExact(weight.size())],
                new float[Math.toIntExact(weight.size())]} : NATIVE);
            if (s != NATIVE) {
                step(w, g, s[0], s[1], s[2], s[3], lr, a, eps);
                return;
            }
        }
        // DJL's common rescale/clip options are never set here (see StatefulOptimizer.Settings): 1 and -1.
        JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) grad, (PtNDArray) m, (PtNDArray) v, lr, a,
                weightDecay, 1f, -1f, beta1, beta2, eps, decoupled);
    }

    /** One pass: copy out the gradient and the weight, update the moments and the weight, copy the weight back. */
    private void step(PtNDArray weight, PtNDArray grad, float[] m, float[] v, float[] g, float[] w, float lr,
            float a, float eps) {
        floats(grad).get(g);
        FloatBuffer wb = floats(weight);
        wb.get(w);
        float decay = 1 - lr * weightDecay;
        for (int k = 0; k < w.length; k++) {
            float wk = w[k];
            float gk = g[k];
            if (decoupled) {
                wk *= decay;
            } else {
                gk += weightDecay * wk;
            }
            float mk = beta1 * m[k] + (1 - beta1) * gk;
            float vk = beta2 * v[k] + (1 - beta2) * gk * gk;
            m[k] = mk;
            v[k] = vk;
            w[k] = wk - a * mk / ((float) Math.sqrt(vk) + eps);
        }
        wb.rewind();
        wb.put(w);
    }

    /**
     * Whether writing through {@link #floats} changes the tensor: libtorch hands out a contiguous CPU tensor's own
     * memory, but a copy of any other. Checked once per parameter by writing a probe into element 0 and back.
     */
    private static boolean aliases(PtNDArray array) {
        FloatBuffer b = floats(array);
        float original = b.get(0);
        float probe = original == 1f ? 2f : 1f;
        b.put(0, probe);
        boolean aliased = array.toFloatArray()[0] == probe;
        if (aliased) {
            b.put(0, original);
        }
        return aliased;
    }

    /** The tensor's own memory as floats (libtorch hands out its data pointer for a contiguous CPU tensor). */
    private static FloatBuffer floats(PtNDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Writes the moments kept in Java back to their tensors, which {@link #save} encodes. */
    @Override
    protected void flush() {
        mirrors.forEach((id, s) -> {
            if (s == NATIVE) {
                return;
            }
            Map<String, NDArray> buffers = state.get(id);
            buffers.get("m").set(s[0]);
            buffers.get("v").set(s[1]);
        });
    }

    @Override
    protected void forgetCopies() {
        mirrors.clear();
    }
}
