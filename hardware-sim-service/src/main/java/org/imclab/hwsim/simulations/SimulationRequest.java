package org.imclab.hwsim.simulations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.imclab.common.jobs.JobRequest;
import org.imclab.common.nn.ModelSpec;
import org.imclab.hwsim.cost.ReplicaPolicy;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.noise.NoiseOptions;
import tools.jackson.databind.JsonNode;

/**
 * A simulation job. Defaults: preset isaac-puma, crossbarBudget 64, batch 1, basisN N = 64 with 4-bit
 * coefficients, dense usage and the PER_GROUP replica policy.
 *
 * @param type           what to compute
 * @param model          the network: a zoo name, a spec or a registered model id (exactly one)
 * @param preset         crossbar preset name
 * @param overrides      preset parameters to replace, by {@link org.imclab.hwsim.cost.CrossbarParams#KEYS} name
 * @param crossbarBudget X, crossbars on the chip
 * @param batch          inputs served per programming round
 * @param basisN         BasisN mapping options
 * @param sweep          SWEEP: the axis and its values
 * @param noise          NOISY_ACCURACY: the device non-idealities and the Monte-Carlo setup
 * @param inputActivity  COST/SWEEP on a preset with a chip-level model: share of input bits that are 1
 *                       for every layer; without it a registered model's activity is measured from its
 *                       real activations, else 0.5 is assumed
 * @param experiment     tracking experiment
 * @param callbackUrl    completion webhook
 * @param name           optional run name
 */
public record SimulationRequest(
        @NotNull SimulationType type,
        @NotNull @Valid ModelRef model,
        String preset,
        Map<String, Double> overrides,
        Integer crossbarBudget,
        Integer batch,
        @Valid BasisNOptions basisN,
        @Valid SweepOptions sweep,
        @Valid NoiseOptions noise,
        Double inputActivity,
        String experiment,
        String callbackUrl,
        String name) implements JobRequest {

    public static final String DEFAULT_PRESET = "isaac-puma";
    public static final int DEFAULT_CROSSBARS = 64;
    public static final int DEFAULT_BATCH = 1;

    @Override
    public String runName() {
        return name;
    }

    double inputActivityOrDefault() {
        return inputActivity == null ? org.imclab.hwsim.cost.chip.Workload.DEFAULT_ACTIVITY : inputActivity;
    }

    String presetOrDefault() {
        return preset == null ? DEFAULT_PRESET : preset;
    }

    int crossbarsOrDefault() {
        return crossbarBudget == null ? DEFAULT_CROSSBARS : crossbarBudget;
    }

    int batchOrDefault() {
        return batch == null ? DEFAULT_BATCH : batch;
    }

    BasisNOptions basisNOrDefault() {
        return basisN == null ? new BasisNOptions(null, null, null, null) : basisN;
    }

    /**
     * The network: exactly one of {@code zoo} (with {@code input} and {@code classes}), {@code spec}
     * (a common.nn ModelSpec as JSON) or {@code modelId} (training-service registry).
     */
    public record ModelRef(String zoo, int[] input, Integer classes,
            @Schema(description = ModelSpec.SCHEMA_NOTE) JsonNode spec, String modelId) {
    }

    /**
     * @param basisSize   N, basis vectors (default 64)
     * @param coeffBits   coefficient bits (default 4)
     * @param fromModelId a registered BasisN model whose per-layer group usage and nonzeros are used
     *                    (N and coeffBits then come from it); without it, dense usage
     * @param policy      how spare crossbars replicate the basis (default PER_GROUP)
     */
    public record BasisNOptions(Integer basisSize, Integer coeffBits, String fromModelId, ReplicaPolicy policy) {

        public static final int DEFAULT_BASIS_SIZE = 64;
        public static final int DEFAULT_COEFF_BITS = 4;

        int basisSizeOrDefault() {
            return basisSize == null ? DEFAULT_BASIS_SIZE : basisSize;
        }

        int coeffBitsOrDefault() {
            return coeffBits == null ? DEFAULT_COEFF_BITS : coeffBits;
        }

        ReplicaPolicy policyOrDefault() {
            return policy == null ? ReplicaPolicy.PER_GROUP : policy;
        }
    }

    /**
     * @param axis   the swept parameter
     * @param values its values; absent or empty means {@link SweepAxis#defaultValues()}
     */
    public record SweepOptions(@NotNull SweepAxis axis, List<Double> values) {
    }
}
