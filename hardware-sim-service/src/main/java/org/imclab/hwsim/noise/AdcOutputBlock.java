package org.imclab.hwsim.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Wraps a conv or linear layer and quantizes its output as the crossbar's ADC would.
 *
 * <p>Approximation: a real ADC converts each crossbar column's partial sum of one input bit-slice; here
 * the layer's whole output is quantized once, to 2^adcBits uniform levels over the range [lo, hi]
 * calibrated per layer on the noise-free model. It therefore models the ADC's resolution and clipping
 * at the layer level, not the partial-sum and shift-and-add structure, and is optimistic for layers
 * whose K spans several crossbars.
 *
 * <p>The wrapper saves and loads exactly what the wrapped block does, so weights trained without it
 * load into it.
 */
public final class AdcOutputBlock extends LayerWrapper {

    private int adcBits;
    private boolean calibrating;
    private float lo = Float.POSITIVE_INFINITY;
    private float hi = Float.NEGATIVE_INFINITY;

    public AdcOutputBlock(String layer, Block inner, int adcBits) {
        super(layer, inner);
        this.adcBits = adcBits;
    }

    /** Starts recording the output range (quantization is off meanwhile). */
    public void startCalibration() {
        calibrating = true;
        lo = Float.POSITIVE_INFINITY;
        hi = Float.NEGATIVE_INFINITY;
    }

    public void stopCalibration() {
        calibrating = false;
    }

    /** Calibrated range [lo, hi]; lo &gt; hi when nothing was calibrated. */
    public float[] range() {
        return new float[] {lo, hi};
    }

    public int adcBits() {
        return adcBits;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = inner.forward(store, inputs, training, params);
        NDArray y = out.head();
        if (calibrating) {
            lo = Math.min(lo, y.min().getFloat());
            hi = Math.max(hi, y.max().getFloat());
            return out;
        }
        if (adcBits <= 0 || !(hi > lo)) {
            return out;
        }
        float step = (hi - lo) / ((1 << adcBits) - 1);
        NDArray q = y.clip(lo, hi).sub(lo).div(step).round().mul(step).add(lo);
        return new NDList(q);
    }
}
