package org.imclab.common.nn.training;

/**
 * How one epoch's samples are cut into batches. A trailing batch of a single sample is dropped: batch norm
 * cannot train on one sample (its variance is zero), and PyTorch's {@code BatchNorm} rejects it.
 *
 * @param samples   samples an epoch draws
 * @param batchSize samples per batch (at most {@code samples})
 * @param batches   batches per epoch; 0 when fewer than 2 samples
 */
record BatchPlan(int samples, int batchSize, int batches) {

    static BatchPlan of(int samples, int batchSize) {
        if (samples < 2) {
            return new BatchPlan(samples, Math.max(1, samples), 0);
        }
        int bs = Math.min(batchSize, samples);
        return new BatchPlan(samples, bs, samples / bs + (samples % bs >= 2 ? 1 : 0));
    }

    /** Position in the epoch's sample order where batch {@code batch} starts. */
    int from(int batch) {
        return batch * batchSize;
    }

    /** Samples in batch {@code batch}: {@code batchSize}, or fewer for the last one. */
    int size(int batch) {
        return Math.min(samples, from(batch) + batchSize) - from(batch);
    }
}
