package org.imclab.pruning.pruning;

/**
 * Defaults of a pruning request, and the checks that turn a request into {@link PruningSettings}. Each
 * failed check names the request field, so the API answers 400 with that field.
 */
final class PruningDefaults {

    static final double TAU = 0.1;
    static final int K_MIN = 2;
    static final double MAX_FRACTION = 0.2;
    static final int MIN_CHANNELS = 2;
    static final int SAMPLES_PER_CLASS = 32;
    static final int MAX_ITERATIONS = 10;
    static final int FINE_TUNE_EPOCHS = 1;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 0.01;
    static final double MOMENTUM = 0.9;
    static final double MAX_TARGET = 0.95;
    /**
     * The class-aware MAC target when a request names none: the rule alone (n_f < kMin) removes little on
     * data sets where most filters serve several classes (4 % of MACs on MNIST, 0 % on CIFAR-style sets),
     * so defaults that "succeed" without pruning teach nothing. At 0.5 the measured LeNet-5 drop is ~0.2 pts.
     */
    static final double DEFAULT_TARGET = 0.5;
    /** The floor relative to the unpruned accuracy when no absolute accuracyFloor is given. */
    static final double MAX_ACCURACY_DROP = 0.02;

    /** A failed check of one request field. */
    static final class FieldException extends RuntimeException {
        final String field;

        FieldException(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private PruningDefaults() {
    }

    /**
     * Settings for a model with {@code classes} classes; {@code target} is the MAC reduction to use (the
     * request's, or the one of the matched job).
     */
    static PruningSettings settings(PruningRequest r, int classes, Double target) {
        PruningCriterion criterion = r.criterion() == null ? PruningCriterion.CLASS_AWARE : r.criterion();
        double tau = or(r.tau(), TAU);
        if (!(tau >= 0 && tau <= 1)) {
            throw new FieldException("tau", "must be in [0, 1]");
        }
        int kMin = or(r.kMin(), Math.min(K_MIN, classes));
        if (kMin < 0 || kMin > classes) {
            throw new FieldException("kMin", "must be in [0, " + classes + "] (the model has " + classes + " classes)");
        }
        double fraction = or(r.maxFractionPerIteration(), MAX_FRACTION);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new FieldException("maxFractionPerIteration", "must be in (0, 1]");
        }
        int minChannels = or(r.minChannels(), MIN_CHANNELS);
        if (minChannels < 1) {
            throw new FieldException("minChannels", "must be at least 1");
        }
        int samples = or(r.samplesPerClass(), SAMPLES_PER_CLASS);
        if (samples < 1 || samples > 4096) {
            throw new FieldException("samplesPerClass", "must be in [1, 4096]");
        }
        if (r.accuracyFloor() != null && !(r.accuracyFloor() >= 0 && r.accuracyFloor() <= 1)) {
            throw new FieldException("accuracyFloor", "must be in [0, 1] (a fraction, not a percentage)");
        }
        if (r.maxAccuracyDrop() != null && !(r.maxAccuracyDrop() >= 0 && r.maxAccuracyDrop() <= 1)) {
            throw new FieldException("maxAccuracyDrop", "must be in [0, 1] (a fraction, not percentage points)");
        }
        checkTarget(r.targetMacReduction());
        if (!criterion.classAware() && target == null) {
            throw new FieldException("targetMacReduction",
                    "baselines prune to a MAC target: give targetMacReduction or matchJobId");
        }
        int iterations = or(r.maxIterations(), MAX_ITERATIONS);
        if (iterations < 1 || iterations > 1000) {
            throw new FieldException("maxIterations", "must be in [1, 1000]");
        }
        int epochs = or(r.fineTuneEpochs(), FINE_TUNE_EPOCHS);
        if (epochs < 0 || epochs > 1000) {
            throw new FieldException("fineTuneEpochs", "must be in [0, 1000]");
        }
        int perEpoch = or(r.fineTuneSamples(), 0);
        if (perEpoch < 0) {
            throw new FieldException("fineTuneSamples", "must be >= 0 (0 = the whole training split)");
        }
        int batch = or(r.batchSize(), BATCH);
        if (batch < 2 || batch > 8192) {
            throw new FieldException("batchSize", "must be in [2, 8192]");
        }
        double lr = or(r.learningRate(), LEARNING_RATE);
        if (!(lr > 0 && lr < 10)) {
            throw new FieldException("learningRate", "must be in (0, 10)");
        }
        double l1 = Boolean.TRUE.equals(r.l1Regularization()) ? or(r.l1Lambda(), FineTuneSettings.PAPER_L1) : 0;
        if (!(l1 >= 0)) {
            throw new FieldException("l1Lambda", "must be >= 0");
        }
        double orth = Boolean.TRUE.equals(r.orthogonalityRegularization()) ? or(r.orthLambda(), FineTuneSettings.PAPER_ORTH)
                : 0;
        if (!(orth >= 0)) {
            throw new FieldException("orthLambda", "must be >= 0");
        }
        return new PruningSettings(criterion, tau, new RemovalRule(kMin, fraction, minChannels),
                r.residualMode() == null ? ResidualMode.COUPLED : r.residualMode(), samples, r.accuracyFloor(), target,
                iterations, new FineTuneSettings(epochs, perEpoch, batch, lr, MOMENTUM, 0, l1, orth),
                r.seed() == null ? 42 : r.seed());
    }

    static void checkTarget(Double target) {
        if (target != null && !(target >= 0 && target <= MAX_TARGET)) {
            throw new FieldException("targetMacReduction", "must be in [0, " + MAX_TARGET
                    + "] (0: no target, class-aware rule only)");
        }
    }

    /**
     * The absolute floor a run stops at, once the unpruned accuracy is known: the request's accuracyFloor,
     * and (given or by default, when no accuracyFloor is given) unpruned accuracy − maxAccuracyDrop; the
     * higher of the two when both are given.
     */
    static Double accuracyFloor(PruningRequest r, double originalAccuracy) {
        Double drop = r.maxAccuracyDrop() != null ? r.maxAccuracyDrop()
                : r.accuracyFloor() == null ? MAX_ACCURACY_DROP : null;
        Double relative = drop == null ? null : Math.max(0, originalAccuracy - drop);
        if (r.accuracyFloor() == null) {
            return relative;
        }
        return relative == null ? r.accuracyFloor() : Math.max(relative, r.accuracyFloor());
    }

    private static double or(Double v, double d) {
        return v == null ? d : v;
    }

    private static int or(Integer v, int d) {
        return v == null ? d : v;
    }
}
