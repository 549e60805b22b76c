package org.imclab.training.engine;

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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.imclab.common.nn.SpecWeights;

/**
 * Mini-batch training of a DJL block on in-memory samples with softmax cross-entropy, without Spring, so
 * every feature that trains (training jobs, BasisN, pruning fine-tuning) uses the same loop.
 *
 * <p>Per batch it opens one gradient collector (the PyTorch engine allows one per JVM), adds the
 * {@link LossTerm}s to the data loss, steps the optimizer over every trainable parameter, and runs the
 * {@link StepHook}s. Each batch lives in its own sub-manager, so nothing accumulates across steps.
 * After every epoch it evaluates the validation split and hands a {@link TrainingCheckpoint} to the
 * {@link EpochListener}s.
 *
 * <p>Determinism: the engine is seeded before initialisation and again at the start of every epoch
 * (seed and epoch), the epoch's shuffle and augmentation come from {@code java.util.Random} seeded the
 * same way, and the optimizer state is checkpointed. So on one machine and thread count, a run with the
 * same seed repeats exactly, and a run resumed from a checkpoint continues as if never interrupted.
 */
public final class TrainingLoop {

    private final Block block;
    private final TrainingConfig config;
    private final List<LossTerm> lossTerms = new ArrayList<>();
    private final List<StepHook> stepHooks = new ArrayList<>();
    private final List<EpochListener> listeners = new ArrayList<>();
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

    public TrainingLoop addEpochListener(EpochListener listener) {
        listeners.add(listener);
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
        GradMode.disableOnThisThread();
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
        GradMode.disableOnThisThread();
        if (!block.isInitialized()) {
            initialize(block, manager, train.sampleShape(), config.seed());
        }
        List<Pair<String, Parameter>> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
            }
        }
        boolean hasVal = val != null && val.size() > 0;
        StatefulOptimizer optimizer = newOptimizer();
        int startEpoch = 0;
        double best = Double.NaN;
        int bestEpoch = 0;
        int noImprove = 0;
        byte[] bestWeights = null;
        if (resume != null) {
            loadTrainable(block, manager, resume.weights());
            if (resume.optimizerState() != null) {
                optimizer.load(new DataInputStream(new ByteArrayInputStream(resume.optimizerState())), manager);
            }
            startEpoch = resume.epochsDone();
            best = resume.bestMetric();
            bestEpoch = resume.bestEpoch();
            noImprove = resume.epochsNoImprove();
            bestWeights = resume.bestWeights() != null ? resume.bestWeights() : resume.weights();
        }
        LearningRateSchedule schedule = new LearningRateSchedule(config);
        SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss();
        int n = train.size();
        int bs = Math.min(config.batchSize(), n);
        // A trailing batch of one sample is dropped: batch norm cannot train on it.
        int batches = n / bs + (n % bs >= 2 ? 1 : 0);
        int features = train.featureCount();
        int[] shape = train.sampleShape();
        float[] buf = new float[bs * features];
        int evalBatch = Math.max(bs, 256);
        List<EpochMetrics> history = new ArrayList<>();
        boolean stoppedEarly = false;
        int epoch = startEpoch;
        try {
            for (; epoch < config.epochs(); epoch++) {
                if (config.patience() > 0 && noImprove >= config.patience()) {
                    stoppedEarly = true;
                    break;
                }
                long started = System.nanoTime();
                Engine.getInstance().setRandomSeed(Long.hashCode(config.seed() * 1_000_003L + epoch + 1));
                int[] order = permutation(n, new Random(config.seed() * 7_919L + epoch));
                Random augmentation = new Random(config.seed() * 104_729L + epoch);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                for (int batch = 0; batch < batches; batch++) {
                    int from = batch * bs;
                    int b = Math.min(n, from + bs) - from;
                    long[] labels = new long[b];
                    for (int k = 0; k < b; k++) {
                        int idx = order[from + k];
                        train.augmentedFeatures(idx, buf, k * features, augmentation);
                        labels[k] = train.label(idx);
                    }
                    currentLr = schedule.at(epoch, batch, batches);
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = scope.create(b == bs ? buf : Arrays.copyOf(buf, b * features),
                                Evaluation.batchShape(b, shape));
                        NDArray y = scope.create(labels);
                        ParameterStore store = new ParameterStore(scope, false);
                        NDArray logits;
                        NDArray loss;
                        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                            logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                            loss = ce.evaluate(new NDList(y), new NDList(logits));
                            NDArray total = loss;
                            for (LossTerm term : lossTerms) {
                                total = total.add(term.extra(block, store));
                            }
                            collector.backward(total);
                        }
                        float batchLoss = loss.getFloat();
                        if (!Float.isFinite(batchLoss)) {
                            throw new NonFiniteLossException(epoch + 1, batch, batchLoss);
                        }
                        lossSum += (double) batchLoss * b;
                        correct += logits.argMax(1).eq(y).countNonzero().getLong();
                        seen += b;
                        step(optimizer, trainable);
                        for (StepHook hook : stepHooks) {
                            hook.afterStep(epoch, batch, batches, block, store);
                        }
                    }
                }
                double trainSeconds = (System.nanoTime() - started) / 1e9;
                double valLoss = Double.NaN;
                double valAcc = Double.NaN;
                if (hasVal) {
                    Evaluation e = Evaluation.run(block, manager, val, evalBatch);
                    valLoss = e.loss();
                    valAcc = e.accuracy();
                }
                double trainLoss = lossSum / seen;
                double trainAcc = (double) correct / seen;
                double monitored = switch (config.monitor()) {
                    case VAL_LOSS -> hasVal ? valLoss : trainLoss;
                    case VAL_ACC -> hasVal ? valAcc : trainAcc;
                };
                boolean improved = Double.isNaN(best)
                        || (config.monitor().higherIsBetter() ? monitored > best : monitored < best);
                byte[] weights = SpecWeights.toBytes(block);
                if (improved) {
                    best = monitored;
                    bestEpoch = epoch + 1;
                    noImprove = 0;
                    bestWeights = weights;
                } else {
                    noImprove++;
                }
                EpochMetrics metrics = new EpochMetrics(epoch + 1, trainLoss, trainAcc, valLoss, valAcc, currentLr,
                        seen / trainSeconds, (System.nanoTime() - started) / 1e9);
                history.add(metrics);
                TrainingCheckpoint checkpoint = new TrainingCheckpoint(epoch + 1, best, bestEpoch, noImprove, weights,
                        improved ? null : bestWeights, optimizerState(optimizer));
                for (EpochListener l : listeners) {
                    l.epochEnd(metrics, checkpoint);
                }
            }
            if (hasVal && bestWeights != null && bestEpoch != epoch) {
                loadTrainable(block, manager, bestWeights);
            }
        } finally {
            optimizer.close();
        }
        return new TrainingOutcome(epoch, startEpoch, stoppedEarly, bestEpoch, best, history);
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

    /** Fisher–Yates shuffle of 0..n-1. */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Shape helper for callers that build inputs by hand. */
    public static Shape inputShape(int batch, int[] sampleShape) {
        return Evaluation.batchShape(batch, sampleShape);
    }
}
