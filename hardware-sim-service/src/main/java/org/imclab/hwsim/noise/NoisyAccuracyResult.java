package org.imclab.hwsim.noise;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Accuracy of a model on simulated chips.
 *
 * @param modelId         the model
 * @param testSet         where the test samples come from
 * @param samples         test samples evaluated per chip
 * @param mapping         "basisN" when a shared basis is perturbed (plus any dense conv/linear weights),
 *                        "weight-stationary" otherwise
 * @param perturbed       names of the perturbed parameters
 * @param variation       variation model
 * @param weightBits      quantized weight magnitude bits
 * @param bitsPerCell     bits per cell
 * @param slices          cells per weight magnitude
 * @param adcBits         ADC resolution on conv/linear outputs (0: off)
 * @param stuckAtOnRate   cells stuck at G_max
 * @param stuckAtOffRate  cells stuck at 0
 * @param chips           Monte-Carlo chips per σ
 * @param seed            base seed
 * @param floatAccuracy   accuracy of the unperturbed float model without ADC quantization
 * @param points          one distribution per σ, in request order
 */
public record NoisyAccuracyResult(String modelId, String testSet, int samples, String mapping, List<String> perturbed,
        VariationModel variation, int weightBits, int bitsPerCell, int slices, int adcBits, double stuckAtOnRate,
        double stuckAtOffRate, int chips, long seed, double floatAccuracy, List<SigmaAccuracy> points) {

    /** Which simulation type this answers; the discriminator of a simulation job's result in the API contract. */
    @JsonProperty("type")
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "NOISY_ACCURACY")
    public String type() {
        return "NOISY_ACCURACY";
    }
}
