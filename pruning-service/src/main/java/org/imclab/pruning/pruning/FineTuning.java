package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.nn.SpecBlock;
import org.imclab.pruning.activelearning.DjlGradients;

/**
 * A compact SGD fine-tuning loop for pruned models: momentum SGD with cosine decay, softmax cross-entropy
 * plus the optional {@link Regularizers}. Kept inside pruning-service until training-service's engine moves
 * to common; it needs nothing but a block and normalised images.
 */
public final class FineTuning {

    private static final SoftmaxCrossEntropyLoss CE = new SoftmaxCrossEntropyLoss();

    /** Called between steps; throwing stops the loop (cancellation). */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, int totalSteps, double loss);
    }

    private FineTuning() {
    }

    /** @return mean training loss of the last epoch (NaN when no step ran) */
    public static double run(SpecBlock block, NormalizedImages train, FineTuneSettings s, long seed, NDManager manager,
            StepListener listener) {
        int n = s.samplesPerEpoch() == 0 ? train.size() : Math.min(train.size(), s.samplesPerEpoch());
        int bs = Math.min(s.batchSize(), n);
        // A trailing batch of one sample is dropped: batch norm cannot train on it.
        int batches = n < 2 ? 0 : n / bs + (n % bs >= 2 ? 1 : 0);
        int total = batches * s.epochs();
        if (total == 0) {
            return Double.NaN;
        }
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        GradMode.off();
        ModelEvaluation.zeroGradients(block);
        Map<Parameter, NDArray> velocity = new HashMap<>();
        int[] all = java.util.stream.IntStream.range(0, train.size()).toArray();
        double lastEpochLoss = Double.NaN;
        int step = 0;
        try (NDManager state = manager.newSubManager()) {
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                Random random = new Random(seed * 1_000_003L + epoch);
                int[] order = ClassImportance.sample(all, n, random);
                double lossSum = 0;
                for (int b = 0; b < batches; b++) {
                    int[] idx = java.util.Arrays.copyOfRange(order, b * bs, Math.min(n, (b + 1) * bs));
                    double lr = 0.5 * s.learningRate() * (1 + Math.cos(Math.PI * step / total));
                    float loss;
                    try (NDManager scope = manager.newSubManager()) {
                        ParameterStore store = new ParameterStore(scope, false);
                        NDArray x = train.batch(scope, idx);
                        NDArray y = train.labels(scope, idx);
                        NDArray data;
                        try (DjlGradients.Scope g = DjlGradients.open(manager.getEngine())) {
                            NDArray logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                            data = CE.evaluate(new NDList(y), new NDList(logits));
                            NDArray objective = data;
                            NDArray extra = Regularizers.penalty(block, store, scope, s.l1Lambda(), s.orthLambda());
                            if (extra != null) {
                                objective = objective.add(extra);
                            }
                            g.collector().backward(objective);
                        }
                        GradMode.off();
                        loss = data.getFloat();
                        if (!Float.isFinite(loss)) {
                            throw new IllegalStateException("fine-tuning diverged: loss " + loss + " at step " + step);
                        }
                        for (Parameter p : trainable) {
                            update(p, velocity, state, (float) lr, (float) s.momentum(), (float) s.weightDecay());
                        }
                    }
                    lossSum += loss;
                    step++;
                    if (listener != null) {
                        listener.afterStep(step, total, loss);
                    }
                }
                lastEpochLoss = lossSum / batches;
            }
        }
        return lastEpochLoss;
    }

    /** v ← μ·v + g + wd·w; w ← w − lr·v; then the gradient is zeroed. */
    private static void update(Parameter p, Map<Parameter, NDArray> velocity, NDManager state, float lr, float momentum,
            float wd) {
        NDArray w = p.getArray();
        try (NDArray g = w.getGradient()) {
            NDArray step;
            if (wd > 0) {
                try (NDArray decay = w.mul(wd)) {
                    step = g.add(decay);
                }
            } else {
                step = g.duplicate();
            }
            NDArray v = velocity.get(p);
            if (v == null) {
                v = step;
                v.attach(state);
                velocity.put(p, v);
            } else {
                v.muli(momentum).addi(step);
                step.close();
            }
            try (NDArray delta = v.mul(lr)) {
                w.subi(delta);
            }
            g.subi(g);
        }
    }
}
