package org.imclab.training.engine;

/**
 * Called after each epoch with its metrics and a checkpoint of the state after it, from which
 * {@link TrainingLoop#fit} can resume. Throwing stops training (e.g. on cancel).
 */
@FunctionalInterface
public interface EpochListener {

    void epochEnd(EpochMetrics metrics, TrainingCheckpoint checkpoint) throws Exception;
}
