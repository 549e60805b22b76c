package org.imclab.hwsim.cost;

import java.util.List;

/**
 * Cost of one inference of a network on a chip of {@code crossbarBudget} crossbars.
 *
 * @param mapping                   "reprogramming" (weight-stationary baseline) or "basisN"
 * @param params                    chip parameters
 * @param crossbarBudget            X, crossbars on the chip
 * @param batch                     inputs served by one programming round
 * @param layers                    per-layer costs, in network order
 * @param crossbarsNeeded           baseline: crossbars for all weights; BasisN: X_B
 * @param programmingRounds         baseline: rounds per batch when streaming, 0 when resident;
 *                                  BasisN: 0
 * @param basisReplicas             BasisN: floor(X / X_B); baseline: 0
 * @param computeCycles             sum of max(analog, digital) cycles of all layers
 * @param programmingCycles         reprogramming cycles per inference (per-batch cost / batch)
 * @param cycles                    cycles per inference, computeCycles + programmingCycles
 * @param latencyNs                 latency per inference, cycles x cycleNs
 * @param energy                    energy per inference, by part (pJ)
 * @param mappingUtilisation        cells holding values / cells of the crossbars that hold them
 * @param chipUtilisation           crossbar-cycles / (X x cycles): share of the chip doing MVMs,
 *                                  averaged over the inference including programming time
 * @param programmingPerBatch       baseline streaming: all rounds of one batch; otherwise NONE
 * @param oneTimeProgramming        deployment programming (resident weights or the basis), never
 *                                  charged per inference
 */
public record CostReport(
        String mapping,
        CrossbarParams params,
        int crossbarBudget,
        int batch,
        List<LayerCost> layers,
        long crossbarsNeeded,
        int programmingRounds,
        long basisReplicas,
        long computeCycles,
        double programmingCycles,
        double cycles,
        double latencyNs,
        EnergyBreakdown energy,
        double mappingUtilisation,
        double chipUtilisation,
        ProgrammingCost programmingPerBatch,
        ProgrammingCost oneTimeProgramming) {

    /** Picojoule-nanoseconds to joule-seconds. */
    public static final double PJ_NS_TO_J_S = 1e-21;

    public CostReport {
        layers = List.copyOf(layers);
    }

    /** Energy per inference (pJ). */
    public double energyPj() {
        return energy.totalPj();
    }

    /** Energy-delay product per inference, energy x latency (pJ*ns). */
    public double edpPjNs() {
        return energyPj() * latencyNs;
    }

    /** Energy-delay product per inference (J*s). */
    public double edpJs() {
        return edpPjNs() * PJ_NS_TO_J_S;
    }
}
