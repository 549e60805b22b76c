package org.imclab.hwsim.cost;

/**
 * Baseline and BasisN at one value of the swept parameter. BasisN fields are null where BasisN
 * cannot run (fewer crossbars than X_B); {@code basisNInfeasible} then says why.
 *
 * @param value               the swept parameter's value
 * @param baselineCycles      cycles per inference, reprogramming baseline
 * @param basisNCycles        cycles per inference, BasisN
 * @param baselineEnergyPj    energy per inference (pJ), baseline
 * @param basisNEnergyPj      energy per inference (pJ), BasisN
 * @param baselineEdpPjNs     EDP per inference (pJ*ns), baseline
 * @param basisNEdpPjNs       EDP per inference (pJ*ns), BasisN
 * @param cycleRatio          basisNCycles / baselineCycles
 * @param energyRatio         basisNEnergyPj / baselineEnergyPj
 * @param edpRatio            basisNEdpPjNs / baselineEdpPjNs
 * @param baselineRounds      programming rounds per batch of the baseline (0 when resident)
 * @param basisNInfeasible    why BasisN has no value here, or null
 * @param chip                the weight-stationary chip at chip level at this point, for presets with
 *                            chip constants; else null
 */
public record SweepPoint(
        Number value,
        double baselineCycles,
        Double basisNCycles,
        double baselineEnergyPj,
        Double basisNEnergyPj,
        double baselineEdpPjNs,
        Double basisNEdpPjNs,
        Double cycleRatio,
        Double energyRatio,
        Double edpRatio,
        int baselineRounds,
        String basisNInfeasible,
        SweepChipFigures chip) {
}
