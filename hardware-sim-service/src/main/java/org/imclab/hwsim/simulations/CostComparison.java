package org.imclab.hwsim.simulations;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.imclab.hwsim.cost.CostReport;
import org.imclab.hwsim.cost.LayerBasisUsage;
import org.imclab.hwsim.cost.ReplicaPolicy;
import org.imclab.hwsim.cost.chip.ChipReport;
import org.imclab.hwsim.cost.chip.LayerWorkload;

/**
 * Result of a COST simulation: both mappings at one operating point and how BasisN compares.
 *
 * @param model    the network
 * @param preset   crossbar preset
 * @param usage    the BasisN usage charged
 * @param baseline weight-stationary with reprogramming
 * @param basisN   BasisN
 * @param ratios   BasisN / baseline
 * @param chip     the weight-stationary chip at chip level (floorplan, duplication, ADC, accumulation,
 *                 buffers, interconnect, leakage, area, TOPS/W; graceful overflow) for presets that
 *                 carry chip constants, else null
 * @param readModel how baseline and BasisN crossbar reads are priced: the chip model for presets with
 *                 chip constants (the same chip for both), else the preset's per-crossbar constants
 * @param workload per layer, the input activity and cell conductance the chip-model reads used and
 *                 whether each was measured or assumed; null with the preset's constants
 */
public record CostComparison(String model, String preset, UsageSummary usage, CostReport baseline, CostReport basisN,
        Ratios ratios, ChipReport chip, String readModel, List<LayerWorkload> workload) {

    /**
     * @param source         "dense" or "registry:&lt;id&gt;"
     * @param basisSize      N
     * @param coeffBits      coefficient bits
     * @param basisCrossbars X_B on this chip
     * @param policy         replica policy
     * @param denseFallback  layers a registered usage did not list, charged dense
     * @param layers         per-layer groups used and nonzero coefficients
     */
    public record UsageSummary(String source, int basisSize, int coeffBits, long basisCrossbars, ReplicaPolicy policy,
            List<String> denseFallback, Map<String, LayerBasisUsage> layers) {
    }

    /** BasisN / baseline, per inference. */
    public record Ratios(double cycles, double energy, double edp, double latency) {

        static Ratios of(CostReport baseline, CostReport basisN) {
            return new Ratios(basisN.cycles() / baseline.cycles(), basisN.energyPj() / baseline.energyPj(),
                    basisN.edpPjNs() / baseline.edpPjNs(), basisN.latencyNs() / baseline.latencyNs());
        }
    }

    /** Which simulation type this answers; the discriminator of a simulation job's result in the API contract. */
    @JsonProperty("type")
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "COST")
    public String type() {
        return "COST";
    }
}
