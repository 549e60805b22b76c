package org.imclab.common.nn.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.imclab.common.data.DataSplit;
import org.imclab.common.nn.SpecWeights;

/**
 * The platform's one training engine: mini-batch training of a DJL block on in-memory samples with softmax
 * cross-entropy, without Spring. Training jobs, BasisN, pruning's fine-tuning and active learning's network
 * all train through it, with one optimizer set ({@link MomentumSgd}, {@link AdamOptimizer}), one
 * {@link GradMode} and one {@link TrainingListener} for progress, checkpoints and cancellation.
 *
 * <p>Per batch it opens one gradient collector through {@link DjlGradients} (the PyTorch engine allows one per
 * JVM), adds the {@link LossTerm}s to the data loss, steps the optimizer over every trainable parameter, runs
 * the {@link StepHook}s and tells the listeners. Each batch lives in its own sub-manager, so nothing
 * accumulates across steps. After every epoch it evaluates the validation split and hands a
 * {@link TrainingCheckpoint} to the listeners.
 *
 * <p>Determinism: the engine is seeded before initialisation and again at the start of every epoch (seed and
 * epoch), the epoch's shuffle and augmentation come from {@code java.util.Random} seeded the same way, and the
 * optimizer state is checkpointed. So on one machine and thread count, a run with the same seed repeats
 * exactly, and a run resumed from a checkpoint continues as if never interrupted.
 */
public final class TrainingLoop {

    private final Block block;
    private final TrainingConfig config;
    private final List<LossTerm> lossTerms = new ArrayList<>();
    private final List<StepHook> stepHooks = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int samplesPerEpoch;
    private double currentLr;

    public TrainingLoop(Block block, TrainingConfig config) {
        this.block = block;
        this.config = config;
    }

    public TrainingLoop addLossTerm(LossTerm term) {
        lossTerms.add(term);
        return this;
    }

    public TrainingLoop addStepHook(StepHook hook) {
        stepHooks.add(hook);
        return this;
    }

    public TrainingLoop addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains each epoch on {@code n} samples drawn without replacement (a fresh draw per epoch, from the seed)
     * instead of all of them; 0 (the default) or more than the training split means all.
     */
    public TrainingLoop samplesPerEpoch(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("samplesPerEpoch must be >= 0");
        }
        samplesPerEpoch = n;
        return this;
    }

    public TrainingConfig config() {
        return config;
    }

    /** The optimizer the config names, reading the loop's current learning rate. */
    StatefulOptimizer newOptimizer() {
        float wd = (float) config.weightDecay();
        float m = (float) config.momentum();
        return switch (config.optimizer()) {
            case SGD -> new MomentumSgd(() -> currentLr, m, false, wd);
            case NESTEROV -> new MomentumSgd(() -> currentLr, m, true, wd);
            case ADAM -> new AdamOptimizer(() -> currentLr, m == 0 ? 0.9f : m, 0.999f, 1e-8f, wd, false);
            case ADAMW -> new AdamOptimizer(() -> currentLr, m == 0 ? 0.9f : m, 0.999f, 1e-8f, wd, true);
        };
    }

    /** Seeds the engine and initialises the block's parameters for samples of this shape. */
    public static void initialize(Block block, NDManager manager, int[] sampleShape, long seed) {
        GradMode.off();
        Engine.getInstance().setRandomSeed(Long.hashCode(seed));
        block.initialize(manager, DataType.FLOAT32, Evaluation.batchShape(1, sampleShape));
    }

    /**
     * Trains for {@code config.epochs()} epochs (fewer with early stopping). An uninitialised block is
     * initialised from the seed; an initialised one (e.g. fine-tuning) keeps its weights. With
     * {@code resume}, weights, optimizer state and counters come from the checkpoint and training continues
     * after its epoch.
     *
     * @param val validation samples, or null / empty for none
     */
    public TrainingOutcome fit(NDManager manager, Samples train, Samples val, TrainingCheckpoint resume)
            throws Exception {
        if (train.size() < 2) {
            throw new IllegalArgumentException("the training split needs at least 2 samples, has " + train.size());
        }
        EngineThreads.apply(config.threads());
        GradMode.off();
        if (!block.isInitialized()) {
            initialize(block, manager, train.sampleShape(), config.seed());
        }
        int drawn = samplesPerEpoch == 0 ? train.size() : Math.min(samplesPerEpoch, train.size());
        Run run = new Run(manager, train, val != null && val.size() > 0 ? val : null,
                BatchPlan.of(drawn, config.batchSize()));
        try {
            return run.epochs(resume);
        } finally {
            run.optimizer.close();
        }
    }

    /** The state of one {@link #fit} call. */
    private final class Run {
        private final NDManager manager;
        private final Samples train;
        private final Samples val;
        private final BatchPlan plan;
        private final StatefulOptimizer optimizer = newOptimizer();
        private final List<Pair<String, Parameter>> trainable = trainableParameters(block);
        private final LearningRateSchedule schedule = new LearningRateSchedule(config);
        private final SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss();
        private final BatchInput input;
        /** Epoch weights are serialised only when something reads them: best-epoch restore or a listener. */
        private final boolean keepWeights;

        Run(NDManager manager, Samples train, Samples val, BatchPlan plan) {
            this.manager = manager;
            this.train = train;
            this.val = val;
            this.plan = plan;
            this.input = new BatchInput(plan.batchSize(), train.featureCount());
            this.keepWeights = val != null || !listeners.isEmpty();
        }

        /** Runs the remaining epochs, then restores the best weights when a validation split chose them. */
        TrainingOutcome epochs(TrainingCheckpoint resume) throws Exception {
            BestEpoch best = BestEpoch.none(config.monitor());
            int startEpoch = 0;
            if (resume != null) {
                loadTrainable(block, manager, resume.weights());
                if (resume.optimizerState() != null) {
                    optimizer.load(new DataInputStream(new ByteArrayInputStream(resume.optimizerState())), manager);
                }
                startEpoch = resume.epochsDone();
                best = BestEpoch.resumed(config.monitor(), resume);
            }
            List<EpochMetrics> history = new ArrayList<>();
            boolean stoppedEarly = false;
            int epoch = startEpoch;
            for (; epoch < config.epochs(); epoch++) {
                if (best.patienceExhausted(config.patience())) {
                    stoppedEarly = true;
                    break;
                }
                history.add(epoch(epoch, best));
            }
            if (val != null && best.weights() != null && best.epoch() != epoch) {
                loadTrainable(block, manager, best.weights());
            }
            return new TrainingOutcome(epoch, startEpoch, stoppedEarly, best.epoch(), best.value(), history);
        }

        /** Trains one epoch, validates, updates the best epoch and tells the listeners. */
        private EpochMetrics epoch(int epoch, BestEpoch best) throws Exception {
            long started = System.nanoTime();
            EpochTotals totals = trainEpoch(epoch);
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            Evaluation validation = val == null ? null
                    : Evaluation.run(block, manager, val, Math.max(plan.batchSize(), 256));
            double valLoss = validation == null ? Double.NaN : validation.loss();
            double valAcc = validation == null ? Double.NaN : validation.accuracy();
            double monitored = switch (config.monitor()) {
                case VAL_LOSS -> validation != null ? valLoss : totals.meanLoss();
                case VAL_ACC -> validation != null ? valAcc : totals.accuracy();
            };
            byte[] weights = keepWeights ? SpecWeights.toBytes(block) : null;
            boolean improved = best.record(epoch + 1, monitored, weights);
            EpochMetrics metrics = new EpochMetrics(epoch + 1, totals.meanLoss(), totals.accuracy(), valLoss, valAcc,
                    currentLr, totals.seen / trainSeconds, (System.nanoTime() - started) / 1e9);
            if (!listeners.isEmpty()) {
                TrainingCheckpoint checkpoint = best.checkpoint(epoch + 1, weights, improved,
                        optimizerState(optimizer));
                for (TrainingListener l : listeners) {
                    l.epochDone(metrics, checkpoint);
                }
            }
            return metrics;
        }

        /** One pass over the epoch's shuffled samples. */
        private EpochTotals trainEpoch(int epoch) throws Exception {
            Engine.getInstance().setRandomSeed(Long.hashCode(config.seed() * 1_000_003L + epoch + 1));
            int[] order = DataSplit.permutation(train.size(), new Random(config.seed() * 7_919L + epoch));
            Random augmentation = new Random(config.seed() * 104_729L + epoch);
            float[] buf = new float[plan.batchSize() * train.featureCount()];
            int totalSteps = config.epochs() * plan.batches();
            EpochTotals totals = new EpochTotals();
            for (int batch = 0; batch < plan.batches(); batch++) {
                currentLr = schedule.at(epoch, batch, plan.batches());
                int b = plan.size(batch);
                long[] labels = fill(order, plan.from(batch), b, buf, augmentation);
                float loss = trainBatch(epoch, batch, buf, labels, totals);
                int step = epoch * plan.batches() + batch + 1;
                for (TrainingListener l : listeners) {
                    l.stepDone(step, totalSteps, loss);
                }
            }
            return totals;
        }

        /** Writes the features of {@code b} samples from {@code order[from]} into {@code buf}; returns their labels. */
        private long[] fill(int[] order, int from, int b, float[] buf, Random augmentation) {
            int features = train.featureCount();
            long[] labels = new long[b];
            for (int k = 0; k < b; k++) {
                int idx = order[from + k];
                train.augmentedFeatures(idx, buf, k * features, augmentation);
                labels[k] = train.label(idx);
            }
            return labels;
        }

        /** Forward, loss, backward and optimizer step of one batch in its own scope; returns the data loss. */
        private float trainBatch(int epoch, int batch, float[] buf, long[] labels, EpochTotals totals)
                throws Exception {
            int b = labels.length;
            int features = train.featureCount();
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = input.features(scope, buf, b * features, Evaluation.batchShape(b, train.sampleShape()));
                NDArray y = input.labels(scope, labels);
                ParameterStore store = new ParameterStore(scope, false);
                NDArray logits;
                NDArray loss;
                try (DjlGradients.Scope gradients = DjlGradients.open(manager.getEngine())) {
                    logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                    loss = ce.evaluate(new NDList(y), new NDList(logits));
                    NDArray total = loss;
                    for (LossTerm term : lossTerms) {
                        total = total.add(term.extra(block, store));
                    }
                    gradients.collector().backward(total);
                }
                float batchLoss = loss.getFloat();
                if (!Float.isFinite(batchLoss)) {
                    throw new NonFiniteLossException(epoch + 1, batch, batchLoss);
                }
                totals.add(batchLoss, logits.argMax(1).eq(y).countNonzero().getLong(), b);
                step(optimizer, trainable);
                for (StepHook hook : stepHooks) {
                    hook.afterStep(epoch, batch, plan.batches(), block, store);
                }
                return batchLoss;
            }
        }
    }

    /** Sums over an epoch's training batches. */
    private static final class EpochTotals {
        private double lossSum;
        private long correct;
        private long seen;

        void add(float batchLoss, long batchCorrect, int batchSize) {
            lossSum += (double) batchLoss * batchSize;
            correct += batchCorrect;
            seen += batchSize;
        }

        double meanLoss() {
            return lossSum / seen;
        }

        double accuracy() {
            return (double) correct / seen;
        }
    }

    /** The parameters the optimizer updates, keyed by their path in the block. */
    private static List<Pair<String, Parameter>> trainableParameters(Block block) {
        List<Pair<String, Parameter>> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
            }
        }
        return trainable;
    }

    /**
     * Loads weights and marks the trainable ones as needing gradients again: DJL's parameter loading
     * decodes fresh arrays without that flag.
     */
    public static void loadTrainable(Block block, NDManager manager, byte[] weights) throws IOException {
        SpecWeights.fromBytes(block, manager, weights);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /** One optimizer update of every trainable parameter, then their gradients are zeroed. */
    private static void step(StatefulOptimizer optimizer, List<Pair<String, Parameter>> trainable) {
        for (Pair<String, Parameter> p : trainable) {
            NDArray w = p.getValue().getArray();
            try (NDArray g = w.getGradient()) {
                // Keyed by the parameter path (stable across JVMs), not its random id, so state can be resumed.
                optimizer.update(p.getKey(), w, g);
                zero(w, g);
            }
        }
    }

    /** Zeroes a gradient in place; PyTorch accumulates gradients across backward passes. */
    private static void zero(NDArray weight, NDArray grad) {
        if (weight instanceof ai.djl.pytorch.engine.PtNDArray pt) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad(pt);
        } else {
            grad.subi(grad);
        }
    }

    private static byte[] optimizerState(StatefulOptimizer optimizer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(out)) {
            optimizer.save(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Shape helper for callers that build inputs by hand. */
    public static Shape inputShape(int batch, int[] sampleShape) {
        return Evaluation.batchShape(batch, sampleShape);
    }
}
