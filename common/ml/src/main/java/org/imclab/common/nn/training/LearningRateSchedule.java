package org.imclab.common.nn.training;

/**
 * The learning rate at every optimizer step: linear warm-up over {@code warmupEpochs} (per batch, as in
 * Goyal et al. 2017), then constant, step decay, or cosine annealing to 0 over the remaining epochs
 * (Loshchilov and Hutter, SGDR, without restarts), also evaluated per batch.
 */
public final class LearningRateSchedule {

    private final TrainingConfig config;

    public LearningRateSchedule(TrainingConfig config) {
        this.config = config;
    }

    /**
     * @param epoch           0-based epoch
     * @param batch           0-based batch within the epoch
     * @param batchesPerEpoch batches of one epoch
     */
    public double at(int epoch, int batch, int batchesPerEpoch) {
        double peak = config.learningRate();
        int warmup = config.warmupEpochs();
        long step = (long) epoch * batchesPerEpoch + batch;
        if (warmup > 0 && epoch < warmup) {
            return peak * (step + 1) / ((double) warmup * batchesPerEpoch);
        }
        return switch (config.schedule()) {
            case NONE -> peak;
            case STEP -> peak * Math.pow(config.stepGamma(), Math.floorDiv(epoch - warmup, config.stepEpochs()));
            case COSINE -> {
                double span = (double) (config.epochs() - warmup) * batchesPerEpoch;
                double t = (step - (double) warmup * batchesPerEpoch) / span;
                yield peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));
            }
        };
    }
}
