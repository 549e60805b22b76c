package org.imclab.hwsim.noise;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Wraps a conv or linear layer and looks at its input as the crossbar's bit-serial drivers would
 * apply it: quantised to {@code inputBits} bits over [0, max |x|] (the layer's largest input
 * magnitude over the measured images, found in a first pass) and counted bit by bit. The share of
 * 1 bits is the layer's input-bit activity, the share of word lines driven per read pulse
 * (NeuroSim's trace density). Each element of the input tensor is counted once (a conv's overlapping
 * patches and its zero padding are not unrolled); negative inputs count by magnitude, the sign being
 * applied by the periphery. Passes the layer's output through unchanged; saves and loads exactly what
 * the wrapped block does.
 */
public final class InputBitProbe extends LayerWrapper {

    enum Mode { OFF, SCALE, COUNT }

    private final int inputBits;
    private Mode mode = Mode.OFF;
    private double maxAbs;
    private long ones;
    private long elements;

    public InputBitProbe(String layer, Block inner, int inputBits) {
        super(layer, inner);
        if (inputBits < 1 || inputBits > 30) {
            throw new IllegalArgumentException("inputBits must be in 1..30, got " + inputBits);
        }
        this.inputBits = inputBits;
    }

    void mode(Mode m) {
        mode = m;
    }

    /** Share of 1 bits over the counted elements and bits; 0 when nothing was counted. */
    public double activity() {
        return elements == 0 ? 0 : (double) ones / ((double) elements * inputBits);
    }

    /** Largest input magnitude seen in the scale pass (the quantiser's full scale). */
    public double fullScale() {
        return maxAbs;
    }

    /** Elements counted. */
    public long elements() {
        return elements;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (mode != Mode.OFF) {
            float[] x = inputs.head().toFloatArray();
            if (mode == Mode.SCALE) {
                for (float v : x) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            } else {
                count(x);
            }
        }
        return inner.forward(store, inputs, training, params);
    }

    private void count(float[] x) {
        long top = (1L << inputBits) - 1;
        elements += x.length;
        if (maxAbs == 0) {
            return;
        }
        for (float v : x) {
            long q = Math.min(top, Math.round(Math.abs(v) / maxAbs * top));
            ones += Long.bitCount(q);
        }
    }
}
