package org.imclab.common.nn.training;

import java.util.Locale;

/**
 * Everything that decides how a network is trained. The loop reads nothing else, so two runs with the
 * same config, data and seed on one machine produce the same weights.
 *
 * @param optimizer    update rule
 * @param learningRate peak learning rate (after warm-up)
 * @param momentum     SGD momentum, or Adam's beta1
 * @param weightDecay  L2 penalty (SGD, Adam) or decoupled decay (AdamW)
 * @param schedule     learning-rate decay after warm-up
 * @param stepEpochs   STEP: the rate is multiplied by {@code stepGamma} every this many epochs
 * @param stepGamma    STEP: the decay factor
 * @param warmupEpochs linear warm-up from almost 0 to the peak, per batch
 * @param epochs       epochs to run (early stopping may end sooner)
 * @param batchSize    samples per optimizer step
 * @param patience     early stopping: epochs without improvement of {@code monitor}; 0 disables it
 * @param monitor      what "improvement" means for early stopping and for picking the best weights
 * @param augment      random crop (pad 4) and horizontal flip of training images
 * @param seed         seeds the engine (initialisation, dropout) and the shuffling
 * @param threads      intra-op threads of the engine; 0 keeps the engine's default
 */
public record TrainingConfig(
        OptimizerKind optimizer,
        double learningRate,
        double momentum,
        double weightDecay,
        Schedule schedule,
        int stepEpochs,
        double stepGamma,
        int warmupEpochs,
        int epochs,
        int batchSize,
        int patience,
        Monitor monitor,
        boolean augment,
        long seed,
        int threads) {

    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH = 8192;

    /** SGD with momentum or Nesterov momentum, Adam (L2 in the gradient) or AdamW (decoupled decay). */
    public enum OptimizerKind {
        SGD, NESTEROV, ADAM, ADAMW;

        public static OptimizerKind parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public enum Schedule {
        NONE, STEP, COSINE;

        public static Schedule parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The metric early stopping watches; validation metrics fall back to training loss without a val split. */
    public enum Monitor {
        VAL_LOSS, VAL_ACC;

        public static Monitor parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        public boolean higherIsBetter() {
            return this == VAL_ACC;
        }
    }

    public TrainingConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0");
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1)");
        }
        if (weightDecay < 0 || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0");
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs must be in [1, " + MAX_EPOCHS + "]");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be in [1, " + MAX_BATCH + "]");
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs && warmupEpochs > 0) {
            throw new IllegalArgumentException("warmupEpochs must be in [0, epochs)");
        }
        if (schedule == null) {
            schedule = Schedule.NONE;
        }
        if (schedule == Schedule.STEP && (stepEpochs < 1 || !(stepGamma > 0) || stepGamma > 1)) {
            throw new IllegalArgumentException("step schedule needs stepEpochs >= 1 and stepGamma in (0, 1]");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0");
        }
        if (monitor == null) {
            monitor = Monitor.VAL_LOSS;
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0");
        }
    }

    /** SGD, momentum 0.9, lr 0.01, no decay, no schedule, 10 epochs of 64, seed 42. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(OptimizerKind.SGD, 0.01, 0.9, 0, Schedule.NONE, 30, 0.1, 0, 10, 64, 0,
                Monitor.VAL_LOSS, false, 42, 0);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma,
                warmupEpochs, n, batchSize, patience, monitor, augment, seed, threads);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma,
                warmupEpochs, epochs, batchSize, patience, monitor, augment, s, threads);
    }

    public TrainingConfig withOptimizer(OptimizerKind kind, double lr) {
        return new TrainingConfig(kind, lr, momentum, weightDecay, schedule, stepEpochs, stepGamma, warmupEpochs,
                epochs, batchSize, patience, monitor, augment, seed, threads);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma,
                warmupEpochs, epochs, b, patience, monitor, augment, seed, threads);
    }

    public TrainingConfig withSchedule(Schedule s, int warmup) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, s, stepEpochs, stepGamma, warmup,
                epochs, batchSize, patience, monitor, augment, seed, threads);
    }

    public TrainingConfig withAugment(boolean a) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma,
                warmupEpochs, epochs, batchSize, patience, monitor, a, seed, threads);
    }

    public TrainingConfig withEarlyStopping(int p, Monitor m) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma,
                warmupEpochs, epochs, batchSize, p, m, augment, seed, threads);
    }

    public TrainingConfig withWeightDecay(double wd) {
        return new TrainingConfig(optimizer, learningRate, momentum, wd, schedule, stepEpochs, stepGamma,
                warmupEpochs, epochs, batchSize, patience, monitor, augment, seed, threads);
    }

    public TrainingConfig withThreads(int t) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma,
                warmupEpochs, epochs, batchSize, patience, monitor, augment, seed, t);
    }
}
