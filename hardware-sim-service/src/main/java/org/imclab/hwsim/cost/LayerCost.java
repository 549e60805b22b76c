package org.imclab.hwsim.cost;

/**
 * Cost of one conv or linear layer for one inference.
 *
 * @param name              layer name
 * @param crossbars         crossbars the layer occupies (baseline: its weight tiles; BasisN: the
 *                          basis groups one segment pass uses)
 * @param computeCycles     analog MVM cycles
 * @param digitalCycles     cycles of the digital unit (BasisN coefficient MACs; 0 for the baseline)
 * @param programmingCycles amortised reprogramming cycles charged to this layer (baseline only)
 * @param cycles            max(computeCycles, digitalCycles) + programmingCycles
 * @param latencyNs         cycles x cycleNs
 * @param energy            energy per inference (pJ)
 * @param digitalMacs       digital MACs per inference
 * @param crossbarCycles    crossbar-cycles: sum over MVM cycles of crossbars firing
 * @param utilisation       crossbarCycles / (X x max(computeCycles, digitalCycles)): share of the
 *                          chip's crossbars busy while the layer computes
 */
public record LayerCost(
        String name,
        long crossbars,
        long computeCycles,
        long digitalCycles,
        double programmingCycles,
        double cycles,
        double latencyNs,
        EnergyBreakdown energy,
        long digitalMacs,
        long crossbarCycles,
        double utilisation) {
}
