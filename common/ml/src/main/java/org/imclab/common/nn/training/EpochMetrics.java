package org.imclab.common.nn.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch achieved. Validation values are NaN when there is no validation split.
 *
 * @param epoch         1-based epoch number (the tracking step)
 * @param trainLoss     mean data loss over the epoch's training batches (extra loss terms excluded)
 * @param trainAcc      fraction of training samples classified correctly while training
 * @param valLoss       mean loss on the validation split after the epoch
 * @param valAcc        validation accuracy after the epoch
 * @param learningRate  the rate applied at the epoch's last step
 * @param samplesPerSec training samples per second of the epoch's training phase
 * @param seconds       wall time of the epoch including validation
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
        double learningRate, double samplesPerSec, double seconds) {

    /** Finite values under their tracking names (train_loss, train_acc, val_loss, val_acc, lr, samples_per_sec). */
    public Map<String, Double> asTrackingMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "train_loss", trainLoss);
        put(m, "train_acc", trainAcc);
        put(m, "val_loss", valLoss);
        put(m, "val_acc", valAcc);
        put(m, "lr", learningRate);
        put(m, "samples_per_sec", samplesPerSec);
        return m;
    }

    private static void put(Map<String, Double> m, String k, double v) {
        if (Double.isFinite(v)) {
            m.put(k, v);
        }
    }
}
