package org.imclab.hwsim.cost;

/**
 * The weight-stationary chip at chip level at one sweep point (for presets with chip constants):
 * the chip-level model's per-image figures, reprogramming of what does not fit included.
 *
 * @param latencyNs          latency per image (ns)
 * @param energyPj           energy per image, read + leakage + reprogramming (pJ)
 * @param edpPjNs            energy x latency (pJ*ns)
 * @param topsPerWatt        NeuroSim's printed TOPS/W definition
 * @param streamedSubarrays  subarrays rewritten every batch (0 when every weight is resident)
 */
public record SweepChipFigures(double latencyNs, double energyPj, double edpPjNs, double topsPerWatt,
        long streamedSubarrays) {
}
