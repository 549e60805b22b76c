package org.imclab.common.nn.training;

/**
 * The one progress, checkpoint and cancel listener of {@link TrainingLoop}, for every feature that trains
 * (training jobs, BasisN, pruning fine-tuning, active learning). {@link #stepDone} runs after every optimizer
 * step and is the place to report progress and to stop on a cancel request by throwing; {@link #epochDone}
 * gets each epoch's metrics and a checkpoint from which {@link TrainingLoop#fit} can resume. Throwing from
 * either stops training and propagates out of {@code fit}.
 *
 * <p>Weight changes after a step (projections, masks) are {@link StepHook}s, not listeners: a listener only
 * observes.
 */
@FunctionalInterface
public interface TrainingListener {

    /**
     * @param step       1-based optimizer step, counted over the whole run (a resumed run continues the count)
     * @param totalSteps steps of the whole run: epochs times batches per epoch
     * @param loss       mean data loss of the step's batch (extra loss terms excluded)
     */
    void stepDone(int step, int totalSteps, double loss) throws Exception;

    /** After each epoch (including its validation), with the state to resume from. */
    default void epochDone(EpochMetrics metrics, TrainingCheckpoint checkpoint) throws Exception {
    }

    /** A listener that only hears epoch ends. */
    static TrainingListener onEpoch(EpochEnd callback) {
        return new TrainingListener() {
            @Override
            public void stepDone(int step, int totalSteps, double loss) {
            }

            @Override
            public void epochDone(EpochMetrics metrics, TrainingCheckpoint checkpoint) throws Exception {
                callback.epochDone(metrics, checkpoint);
            }
        };
    }

    /** The epoch half of a listener, as a lambda. */
    @FunctionalInterface
    interface EpochEnd {
        void epochDone(EpochMetrics metrics, TrainingCheckpoint checkpoint) throws Exception;
    }
}
