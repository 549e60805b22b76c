package org.imclab.common.nn.training;

/**
 * The best epoch so far by the monitored metric, with its weights, and the early-stopping count of epochs
 * since then. Restored from a checkpoint on resume, so a resumed run stops and restores exactly as an
 * uninterrupted one would.
 */
final class BestEpoch {

    private final TrainingConfig.Monitor monitor;
    private double value;
    private int epoch;
    private int epochsWithoutImprovement;
    private byte[] weights;

    private BestEpoch(TrainingConfig.Monitor monitor, double value, int epoch, int epochsWithoutImprovement,
            byte[] weights) {
        this.monitor = monitor;
        this.value = value;
        this.epoch = epoch;
        this.epochsWithoutImprovement = epochsWithoutImprovement;
        this.weights = weights;
    }

    static BestEpoch none(TrainingConfig.Monitor monitor) {
        return new BestEpoch(monitor, Double.NaN, 0, 0, null);
    }

    /** The counters a checkpoint recorded; its best weights are its current ones when it does not keep both. */
    static BestEpoch resumed(TrainingConfig.Monitor monitor, TrainingCheckpoint checkpoint) {
        return new BestEpoch(monitor, checkpoint.bestMetric(), checkpoint.bestEpoch(), checkpoint.epochsNoImprove(),
                checkpoint.bestWeights() != null ? checkpoint.bestWeights() : checkpoint.weights());
    }

    /** Whether early stopping ends training now: {@code patience > 0} epochs passed without improvement. */
    boolean patienceExhausted(int patience) {
        return patience > 0 && epochsWithoutImprovement >= patience;
    }

    /**
     * Records epoch {@code epoch} (1-based) with its monitored value and the weights after it (null when the
     * caller keeps no weights); the first value always counts as an improvement.
     *
     * @return whether it improved on the best so far
     */
    boolean record(int epoch, double monitored, byte[] weightsAfter) {
        boolean improved = Double.isNaN(value) || (monitor.higherIsBetter() ? monitored > value : monitored < value);
        if (improved) {
            value = monitored;
            this.epoch = epoch;
            epochsWithoutImprovement = 0;
            weights = weightsAfter;
        } else {
            epochsWithoutImprovement++;
        }
        return improved;
    }

    /** The state after {@code epochsDone} epochs; best weights are stored only when they differ from the current. */
    TrainingCheckpoint checkpoint(int epochsDone, byte[] currentWeights, boolean improved, byte[] optimizerState) {
        return new TrainingCheckpoint(epochsDone, value, epoch, epochsWithoutImprovement, currentWeights,
                improved ? null : weights, optimizerState);
    }

    double value() {
        return value;
    }

    int epoch() {
        return epoch;
    }

    byte[] weights() {
        return weights;
    }
}
