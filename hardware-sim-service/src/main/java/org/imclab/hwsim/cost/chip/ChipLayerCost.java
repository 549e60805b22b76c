package org.imclab.hwsim.cost.chip;

/**
 * Chip-level cost of one layer for one image.
 *
 * @param name               layer name
 * @param mapping            "novel" (one PE per kernel position) or "conventional"
 * @param vectors            input vectors applied (NeuroSim's count, see {@link ChipLayer#vectors})
 * @param inputActivity      share of input bits that are 1 (rows driven per read pulse)
 * @param subarraysNeeded    subarrays for one copy of the weights
 * @param subarraysAllocated subarrays on the chip for this layer (copies and empty slots included)
 * @param tiles              tiles of the layer
 * @param duplication        copies of the weights working in parallel
 * @param residentSubarrays  subarrays whose weights stay programmed
 * @param streamedSubarrays  subarrays reprogrammed for every batch (graceful overflow)
 * @param passes             sweeps over the inputs (more than 1 when streamed weights take turns)
 * @param latencyNs          read latency by part (ns)
 * @param programmingNs      reprogramming time per image (ns)
 * @param totalLatencyNs     read latency plus programming (ns)
 * @param energyPj           read dynamic energy by part (pJ)
 * @param leakagePj          leakage of the other layers' tiles while this layer runs (pJ)
 * @param programmingPj      reprogramming energy per image (pJ)
 * @param totalEnergyPj      read dynamic + leakage + programming (pJ)
 * @param creditedOps        operations credited for TOPS (2 x NeuroSim's MAC count)
 * @param edpPjNs            totalEnergyPj x totalLatencyNs
 * @param topsPerWatt        creditedOps / (totalEnergyPj x zeta), NeuroSim's printed definition
 * @param areaMm2            area of the layer's tiles (mm^2)
 */
public record ChipLayerCost(String name, String mapping, long vectors, double inputActivity, long subarraysNeeded,
        long subarraysAllocated, long tiles, long duplication, long residentSubarrays, long streamedSubarrays,
        long passes, Components latencyNs, double programmingNs, double totalLatencyNs, Components energyPj,
        double leakagePj, double programmingPj, double totalEnergyPj, double creditedOps, double edpPjNs,
        double topsPerWatt, double areaMm2) {
}
