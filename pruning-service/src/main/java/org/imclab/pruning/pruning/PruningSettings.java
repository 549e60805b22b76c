package org.imclab.pruning.pruning;

/**
 * Everything that decides a pruning run besides the model and the data.
 *
 * @param criterion               class-aware or a baseline
 * @param tau                     importance threshold in [0, 1] for the class count
 * @param rule                    kMin, per-iteration fraction and minimum channels
 * @param residualMode            coupled groups or inner convs only
 * @param samplesPerClass         n, samples of each class for I[f, c] (Taylor uses as many mixed samples)
 * @param accuracyFloor           stop when validation accuracy after fine-tuning falls below this (0..1); null: none
 * @param targetMacReduction      stop once MACs fall by this fraction (0..1); null: run the class-aware rule
 *                                until no filter qualifies
 * @param maxIterations           upper bound on iterations
 * @param fineTune                the fine-tuning budget per iteration
 * @param seed                    seeds sampling, random scores and fine-tuning
 */
public record PruningSettings(PruningCriterion criterion, double tau, RemovalRule rule, ResidualMode residualMode,
        int samplesPerClass, Double accuracyFloor, Double targetMacReduction, int maxIterations,
        FineTuneSettings fineTune, long seed) {

    /** The same settings with the absolute floor resolved once the unpruned accuracy is known. */
    public PruningSettings withAccuracyFloor(Double floor) {
        return new PruningSettings(criterion, tau, rule, residualMode, samplesPerClass, floor, targetMacReduction,
                maxIterations, fineTune, seed);
    }

    public PruningSettings {
        if (criterion == null || rule == null || residualMode == null || fineTune == null) {
            throw new IllegalArgumentException("criterion, rule, residualMode and fineTune are required");
        }
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in [0, 1]");
        }
        if (samplesPerClass < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("samplesPerClass and maxIterations must be >= 1");
        }
        if (targetMacReduction != null && !(targetMacReduction > 0 && targetMacReduction < 1)) {
            throw new IllegalArgumentException("targetMacReduction must be in (0, 1)");
        }
        if (targetMacReduction == null && !criterion.classAware()) {
            throw new IllegalArgumentException("baselines need a targetMacReduction");
        }
    }
}
