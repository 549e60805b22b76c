package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingListener;
import org.imclab.common.nn.training.TrainingLoop;

/**
 * Fine-tuning of a pruned model through the platform's one training engine ({@link TrainingLoop}): momentum SGD
 * with per-step cosine decay to 0 and L2 weight decay, softmax cross-entropy plus the optional
 * {@link Regularizers} as a loss term, each epoch on {@code samplesPerEpoch} samples drawn afresh from the seed.
 * This class only translates {@link FineTuneSettings} into the engine's {@link TrainingConfig}.
 */
public final class FineTuning {

    private FineTuning() {
    }

    /**
     * Trains the block in place, without a validation split (pruning evaluates on its test split itself).
     *
     * @param listener hears every step (progress, cancellation by throwing), or null
     * @return mean training loss of the last epoch (NaN when no step ran)
     */
    public static double run(SpecBlock block, NormalizedImages train, FineTuneSettings s, long seed, NDManager manager,
            TrainingListener listener) throws Exception {
        int drawn = s.samplesPerEpoch() == 0 ? train.size() : Math.min(train.size(), s.samplesPerEpoch());
        if (s.epochs() == 0 || drawn < 2 || !(s.learningRate() > 0)) {
            return Double.NaN;
        }
        ModelEvaluation.zeroGradients(block);
        TrainingLoop loop = new TrainingLoop(block, config(s, seed)).samplesPerEpoch(drawn);
        if (s.l1Lambda() > 0 || s.orthLambda() > 0) {
            loop.addLossTerm((b, store) -> {
                NDArray penalty = Regularizers.penalty(block, store, store.getManager(), s.l1Lambda(), s.orthLambda());
                return penalty != null ? penalty : store.getManager().zeros(new Shape());
            });
        }
        if (listener != null) {
            loop.addListener(listener);
        }
        List<EpochMetrics> history = loop.fit(manager, train.samples(), null, null).history();
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainLoss();
    }

    /** The engine's form of the settings: SGD, cosine over all steps, no warm-up, no early stopping. */
    static TrainingConfig config(FineTuneSettings s, long seed) {
        return new TrainingConfig(TrainingConfig.OptimizerKind.SGD, s.learningRate(), s.momentum(), s.weightDecay(),
                TrainingConfig.Schedule.COSINE, 1, 1, 0, s.epochs(), s.batchSize(), 0, TrainingConfig.Monitor.VAL_LOSS,
                false, seed, 0);
    }
}
