package org.imclab.hwsim.cost.chip;

import java.util.List;

/**
 * Chip-level cost of one image (batch amortises only reprogramming).
 *
 * @param crossbarBudget     subarrays available on the chip
 * @param batch              images per programming round
 * @param clockNs            clock period (ns)
 * @param layers             per-layer costs, in network order
 * @param subarraysNeeded    subarrays for one copy of every weight
 * @param subarraysAllocated subarrays used, copies and empty tile slots included
 * @param duplicationFactor  subarraysAllocated / subarraysNeeded (when resident)
 * @param tiles              tiles used
 * @param resident           every weight stays programmed
 * @param streamedSubarrays  subarrays reprogrammed for every batch
 * @param latencyNs          read latency by part, summed over layers (layer by layer, ns)
 * @param programmingNs      reprogramming time per image (ns)
 * @param totalLatencyNs     latency per image (ns)
 * @param energyPj           read dynamic energy by part (pJ)
 * @param leakagePj          leakage energy (pJ)
 * @param programmingPj      reprogramming energy per image (pJ)
 * @param totalEnergyPj      energy per image (pJ)
 * @param edpPjNs            energy-delay product (pJ*ns)
 * @param creditedOps        operations credited for TOPS (2 x MACs, NeuroSim's count)
 * @param topsPerWatt        creditedOps / (totalEnergy x zeta) in TOPS/W, as NeuroSim prints it
 * @param tops               creditedOps / latency, in TOPS
 * @param area               chip area by part (mm^2)
 * @param policy             how the budget was spent (duplication, residency)
 * @param workloadSource     where input activity and cell conductance came from, in words
 * @param workload           per layer: the activity and cell conductance used and whether each was
 *                           measured (real activations, real weights), requested or assumed
 * @param excludes           what the model leaves out
 */
public record ChipReport(int crossbarBudget, int batch, double clockNs, List<ChipLayerCost> layers,
        long subarraysNeeded, long subarraysAllocated, double duplicationFactor, long tiles, boolean resident,
        long streamedSubarrays, Components latencyNs, double programmingNs, double totalLatencyNs,
        Components energyPj, double leakagePj, double programmingPj, double totalEnergyPj, double edpPjNs,
        double creditedOps, double topsPerWatt, double tops, ChipArea area, String policy, String workloadSource,
        List<LayerWorkload> workload, List<String> excludes) {

    public ChipReport {
        layers = List.copyOf(layers);
        workload = List.copyOf(workload);
        excludes = List.copyOf(excludes);
    }

    /** Energy-delay product in J*s. */
    public double edpJs() {
        return edpPjNs * 1e-21;
    }
}
