package org.imclab.hwsim.noise;

import java.util.SplittableRandom;

/**
 * How one weight tensor lands on RRAM cells, and what a chip reads back.
 *
 * <p>Per tensor (a layer's weights, or the BasisN basis): scale s = max|w|. The magnitude is quantized
 * uniformly to q = round(|w|/s · (2^weightBits − 1)); the sign goes to the differential pair or the
 * periphery, matching the cost model's cellsPerValue = ceil(weightBits / bitsPerCell). q is cut into
 * ceil(weightBits / bitsPerCell) slices of bitsPerCell bits, slice k holding digit d_k, and each slice
 * is one cell programmed to the conductance level g_k = d_k / (2^bitsPerCell − 1) (of G_max). Per cell
 * and chip: with probability stuckAtOn the cell reads G_max, with probability stuckAtOff it reads 0,
 * otherwise it reads g_k · f(σ, z) with f from the {@link VariationModel}. The chip's weight is then
 * sign · s · Σ_k g'_k (2^bitsPerCell − 1) 2^(k·bitsPerCell) / (2^weightBits − 1).
 *
 * <p>A zero-conductance cell stays zero under variation (an ideal off state); only faults move it.
 *
 * @param weightBits    bits of the quantized magnitude
 * @param bitsPerCell   bits per RRAM cell (levels per slice: 2^bitsPerCell)
 * @param variation     variation model
 * @param sigma         σ of the variation
 * @param stuckAtOnRate fraction of cells stuck at G_max
 * @param stuckAtOffRate fraction of cells stuck at 0
 */
public record CellProgramming(int weightBits, int bitsPerCell, VariationModel variation, double sigma,
        double stuckAtOnRate, double stuckAtOffRate) {

    public CellProgramming {
        if (weightBits < 1 || weightBits > 30) {
            throw new IllegalArgumentException("weightBits must be in 1..30, got " + weightBits);
        }
        if (bitsPerCell < 1 || bitsPerCell > weightBits) {
            throw new IllegalArgumentException("bitsPerCell must be in 1..weightBits, got " + bitsPerCell);
        }
        if (variation == null) {
            throw new IllegalArgumentException("variation must not be null");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a non-negative number, got " + sigma);
        }
        if (!(stuckAtOnRate >= 0) || !(stuckAtOffRate >= 0) || stuckAtOnRate + stuckAtOffRate > 1) {
            throw new IllegalArgumentException("stuck-at rates must be non-negative and sum to at most 1, got "
                    + stuckAtOnRate + " and " + stuckAtOffRate);
        }
    }

    /** Cells (slices) per weight magnitude. */
    public int slices() {
        return (weightBits + bitsPerCell - 1) / bitsPerCell;
    }

    /**
     * The weights one chip reads back. The draws depend only on {@code seed}, so the same seed at
     * another σ perturbs the same cells with the same z (common random numbers across σ).
     */
    public float[] apply(float[] weights, long seed) {
        float[] out = new float[weights.length];
        double scale = 0;
        for (float w : weights) {
            scale = Math.max(scale, Math.abs(w));
        }
        if (scale == 0) {
            return out;
        }
        long qMax = (1L << weightBits) - 1;
        int cellMax = (1 << bitsPerCell) - 1;
        int mask = cellMax;
        int slices = slices();
        double faults = stuckAtOnRate + stuckAtOffRate;
        boolean noisy = sigma > 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < weights.length; i++) {
            float w = weights[i];
            long q = Math.round(Math.abs(w) / scale * qMax);
            double read = 0;
            for (int k = 0; k < slices; k++) {
                int digit = (int) (q >>> (k * bitsPerCell)) & mask;
                double g = (double) digit / cellMax;
                // Both draws are taken for every cell so that the stream, and the cells hit, do not depend on σ.
                double u = random.nextDouble();
                double z = VariationModel.gaussian(random);
                if (u < stuckAtOnRate) {
                    g = 1;
                } else if (u < faults) {
                    g = 0;
                } else if (noisy) {
                    g *= variation.factor(sigma, z);
                }
                read += g * cellMax * (double) (1L << (k * bitsPerCell));
            }
            out[i] = (float) ((w < 0 ? -1 : 1) * scale * read / qMax);
        }
        return out;
    }
}
