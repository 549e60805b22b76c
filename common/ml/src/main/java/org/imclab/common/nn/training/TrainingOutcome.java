package org.imclab.common.nn.training;

import java.util.List;

/**
 * How a {@link TrainingLoop#fit} call ended. The block holds the final weights: the best by the monitored
 * metric when there is a validation split, else those after the last epoch.
 *
 * @param epochsDone   completed epochs including those before a resume
 * @param resumedFrom  epochs that were already done when this call started
 * @param stoppedEarly whether early stopping ended training before {@code config.epochs()}
 * @param bestEpoch    1-based epoch of the best monitored value
 * @param bestMetric   that value
 * @param history      metrics of the epochs run in this call
 */
public record TrainingOutcome(int epochsDone, int resumedFrom, boolean stoppedEarly, int bestEpoch,
        double bestMetric, List<EpochMetrics> history) {

    public TrainingOutcome {
        history = List.copyOf(history);
    }
}
