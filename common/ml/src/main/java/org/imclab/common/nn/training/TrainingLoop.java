package org.imclab.common.nn.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
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
 * the {@link StepHook}s and tells the listeners. A model whose forward pass is per sample trains each batch as
 * slices on several threads ({@link BatchSlices}). Each batch lives in its own sub-manager, so nothing
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
    private boolean sliceBatches = true;
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

    /**
     * Whether a batch may be trained as slices on several threads ({@link BatchSlices}; on by default). Off, every
     * batch runs on the caller's thread with all intra-op threads, as before slicing existed (for comparisons).
     */
    public TrainingLoop sliceBatches(boolean on) {
        sliceBatches = on;
        return this;
    }

    /**
     * The slices each full batch is trained as, on as many threads, with {@code threads} threads in all: 1 for a
     * model whose forward pass is not per sample ({@link BatchSlices}).
     */
    public int batchSlices(int threads) {
        return sliceBatches ? BatchSlices.count(block, threads, config.batchSize()) : 1;
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
        int threads = EngineThreads.apply(config.threads());
        GradMode.off();
        if (!block.isInitialized()) {
            initialize(block, manager, train.sampleShape(), config.seed());
        }
        int drawn = samplesPerEpoch == 0 ? train.size() : Math.min(samplesPerEpoch, train.size());
        BatchPlan plan = BatchPlan.of(drawn, config.batchSize());
        try (BatchSlices slices = sliceBatches ? BatchSlices.plan(block, threads, plan.batchSize())
                : BatchSlices.none(threads)) {
            Run run = new Run(manager, train, val != null && val.size() > 0 ? val : null, plan, slices, threads);
            try {
                return run.epochs(resume);
            } finally {
                run.optimizer.close();
            }
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
        /** The trainable parameters, shared out among the slice threads for the optimizer step. */
        private final List<List<Pair<String, Parameter>>> stepGroups;
        private final LearningRateSchedule schedule = new LearningRateSchedule(config);
        private final SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss();
        private final BatchSlices slices;
        private final Slice[] slice;
        /** Intra-op threads outside the batches' slices: validation and the caller's work after fit. */
        private final int threads;
        /** Epoch weights are serialised only when something reads them: best-epoch restore or a listener. */
        private final boolean keepWeights;

        Run(NDManager manager, Samples train, Samples val, BatchPlan plan, BatchSlices slices, int threads) {
            this.manager = manager;
            this.train = train;
            this.val = val;
            this.plan = plan;
            this.slices = slices;
            this.threads = threads;
            this.stepGroups = byThread(trainable, slices.count());
            this.slice = new Slice[slices.count()];
            for (int k = 0; k < slice.length; k++) {
                slice[k] = new Slice(slices.maxSize(plan.batchSize()));
            }
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
            int totalSteps = config.epochs() * plan.batches();
            EpochTotals totals = new EpochTotals();
            if (slices.count() > 1) {
                EngineThreads.apply(slices.intraOpThreads());
            }
            try {
                for (int batch = 0; batch < plan.batches(); batch++) {
                    currentLr = schedule.at(epoch, batch, plan.batches());
                    float loss = trainBatch(epoch, batch, order, augmentation, totals);
                    int step = epoch * plan.batches() + batch + 1;
                    for (TrainingListener l : listeners) {
                        l.stepDone(step, totalSteps, loss);
                    }
                }
            } finally {
                if (slices.count() > 1) {
                    EngineThreads.apply(threads);
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

        /**
         * Forward, loss, backward and optimizer step of one batch, its slices on {@link BatchSlices}' threads
         * (slice 0, with the loss terms, on this one); returns the batch's mean data loss.
         */
        private float trainBatch(int epoch, int batch, int[] order, Random augmentation, EpochTotals totals)
                throws Exception {
            int b = plan.size(batch);
            int[] sizes = slices.sizes(b);
            int from = plan.from(batch);
            for (int k = 0; k < sizes.length; k++) {
                slice[k].assign(from, sizes[k], (float) sizes[k] / b);
                from += sizes[k];
                if (train.augments()) {
                    // One thread draws the augmentation in sample order, so the draws do not depend on the slicing.
                    slice[k].fill(order, augmentation);
                }
            }
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                try (DjlGradients.Scope gradients = DjlGradients.open(manager.getEngine())) {
                    slices.run(sizes.length, k -> {
                        if (!train.augments()) {
                            slice[k].fill(order, augmentation);
                        }
                        if (k == 0) {
                            slice[0].train(scope, store, gradients.collector(), true);
                            return;
                        }
                        GradMode.on();
                        try (NDManager own = manager.newSubManager()) {
                            slice[k].train(own, new ParameterStore(own, false), gradients.collector(), false);
                        } finally {
                            GradMode.off();
                        }
                    });
                }
                float batchLoss = 0;
                long correct = 0;
                for (int k = 0; k < sizes.length; k++) {
                    batchLoss += slice[k].share * slice[k].loss;
                    correct += slice[k].correct;
                }
                if (!Float.isFinite(batchLoss)) {
                    throw new NonFiniteLossException(epoch + 1, batch, batchLoss);
                }
                totals.add(batchLoss, correct, b);
                slices.run(stepGroups.size(), k -> step(optimizer, stepGroups.get(k)));
                for (StepHook hook : stepHooks) {
                    hook.afterStep(epoch, batch, plan.batches(), block, store);
                }
                return batchLoss;
            }
        }

        /** One slice of a batch: its samples, its input memory, and its mean loss and correct count once trained. */
        private final class Slice {
            private final float[] buf;
            private final BatchInput input;
            private int from;
            private int size;
            private float share;
            private long[] labels;
            private float loss;
            private long correct;

            Slice(int maxSize) {
                buf = new float[maxSize * train.featureCount()];
                input = new BatchInput(maxSize, train.featureCount());
            }

            void assign(int from, int size, float share) {
                this.from = from;
                this.size = size;
                this.share = share;
            }

            void fill(int[] order, Random augmentation) {
                labels = Run.this.fill(order, from, size, buf, augmentation);
            }

            /**
             * Forward and backward pass of this slice in {@code scope}. Its mean loss is weighted by its share of
             * the batch, so the slices' gradients sum to the batch mean's; the loss terms, which belong to the
             * whole batch, are added once, by slice 0.
             */
            void train(NDManager scope, ParameterStore store, GradientCollector collector, boolean withLossTerms)
                    throws Exception {
                NDArray x = input.features(scope, buf, size * train.featureCount(),
                        Evaluation.batchShape(size, train.sampleShape()));
                NDArray y = input.labels(scope, labels);
                NDArray logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                NDArray data = ce.evaluate(new NDList(y), new NDList(logits));
                NDArray objective = share == 1f ? data : data.mul(share);
                if (withLossTerms) {
                    for (LossTerm term : lossTerms) {
                        objective = objective.add(term.extra(block, store));
                    }
                }
                collector.backward(objective);
                loss = data.getFloat();
                correct = logits.argMax(1).eq(y).countNonzero().getLong();
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

    /**
     * The parameters in {@code threads} groups of about equal element count (largest first, each to the
     * lightest group), so the threads' shares of the optimizer step take about equally long. Empty groups are
     * dropped.
     */
    static List<List<Pair<String, Parameter>>> byThread(List<Pair<String, Parameter>> params, int threads) {
        List<List<Pair<String, Parameter>>> groups = new ArrayList<>();
        long[] load = new long[threads];
        for (int k = 0; k < threads; k++) {
            groups.add(new ArrayList<>());
        }
        List<Pair<String, Parameter>> bySize = new ArrayList<>(params);
        bySize.sort((a, b) -> Long.compare(size(b), size(a)));
        for (Pair<String, Parameter> p : bySize) {
            int lightest = 0;
            for (int k = 1; k < threads; k++) {
                if (load[k] < load[lightest]) {
                    lightest = k;
                }
            }
            groups.get(lightest).add(p);
            load[lightest] += size(p);
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    private static long size(Pair<String, Parameter> p) {
        return p.getValue().getArray().size();
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
