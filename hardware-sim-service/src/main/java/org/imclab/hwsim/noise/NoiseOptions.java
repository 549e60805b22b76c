package org.imclab.hwsim.noise;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * Device non-idealities and Monte-Carlo setup of a NOISY_ACCURACY simulation. Weight precision and bits
 * per cell come from the crossbar parameters (preset plus overrides).
 *
 * @param sigmas             σ values of the device variation; one accuracy distribution per σ
 * @param variation          LOGNORMAL (default) or GAUSSIAN
 * @param chips              Monte-Carlo chips per σ (default 10)
 * @param seed               base seed (default 42); chip c uses the same cell draws at every σ
 * @param stuckAtOnRate      fraction of cells stuck at the highest conductance (default 0)
 * @param stuckAtOffRate     fraction of cells stuck at zero conductance (default 0)
 * @param adcBits            ADC resolution applied to every conv/linear output; absent: the preset's
 *                           adcBits; 0 turns ADC quantization off
 * @param maxSamples         evaluate at most this many test samples (default: all)
 * @param batchSize          inference batch (default 256)
 * @param calibrationSamples samples the ADC ranges are calibrated on, with the noise-free model (default 256)
 */
public record NoiseOptions(
        @NotEmpty List<@DecimalMin("0.0") @DecimalMax("10.0") Double> sigmas,
        VariationModel variation,
        @Min(1) @Max(1000) Integer chips,
        Long seed,
        @DecimalMin("0.0") @DecimalMax("1.0") Double stuckAtOnRate,
        @DecimalMin("0.0") @DecimalMax("1.0") Double stuckAtOffRate,
        @Min(0) @Max(16) Integer adcBits,
        @Min(1) Integer maxSamples,
        @Min(1) @Max(4096) Integer batchSize,
        @Min(1) @Max(100000) Integer calibrationSamples) {

    public static final int DEFAULT_CHIPS = 10;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_CALIBRATION = 256;

    public VariationModel variationOrDefault() {
        return variation == null ? VariationModel.LOGNORMAL : variation;
    }

    public int chipsOrDefault() {
        return chips == null ? DEFAULT_CHIPS : chips;
    }

    public long seedOrDefault() {
        return seed == null ? DEFAULT_SEED : seed;
    }

    public double stuckAtOnOrDefault() {
        return stuckAtOnRate == null ? 0 : stuckAtOnRate;
    }

    public double stuckAtOffOrDefault() {
        return stuckAtOffRate == null ? 0 : stuckAtOffRate;
    }

    public int batchSizeOrDefault() {
        return batchSize == null ? DEFAULT_BATCH : batchSize;
    }

    public int calibrationOrDefault() {
        return calibrationSamples == null ? DEFAULT_CALIBRATION : calibrationSamples;
    }
}
