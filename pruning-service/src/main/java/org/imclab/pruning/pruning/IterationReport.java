package org.imclab.pruning.pruning;

import java.util.Map;

/**
 * What one pruning iteration did and measured.
 *
 * @param iteration               1-based
 * @param accuracyBeforePruning   test accuracy of the model this iteration started from
 * @param accuracyAfterPruning    test accuracy right after surgery, before fine-tuning
 * @param accuracyAfterFineTuning test accuracy after fine-tuning
 * @param params                  parameters after this iteration
 * @param macs                    MACs per sample after this iteration
 * @param macReduction            1 − macs / original MACs
 * @param channels                output channels of every conv after this iteration
 * @param removed                 filters removed per group
 * @param removedClassCounts      histogram over n_f (index = number of classes) of the removed filters, from the
 *                                class-aware matrix of this iteration whatever the criterion
 * @param keptClassCounts         the same for the kept filters
 * @param fineTuneLoss            mean training loss of the last fine-tuning epoch
 * @param accepted                false when accuracy fell below the floor (the model of this iteration is dropped)
 * @param seconds                 wall time of the iteration
 * @param validationAccuracy      accuracy after fine-tuning on the validation split the accuracy floor is checked on
 *                                (carved from the training split, never the test split)
 */
public record IterationReport(int iteration, double accuracyBeforePruning, double accuracyAfterPruning,
        double accuracyAfterFineTuning, long params, long macs, double macReduction, Map<String, Integer> channels,
        Map<String, Integer> removed, int[] removedClassCounts, int[] keptClassCounts, double fineTuneLoss,
        boolean accepted, double seconds, double validationAccuracy) {

    /** Mean n_f of the removed filters (NaN when none). */
    public double meanRemovedClassCount() {
        return mean(removedClassCounts);
    }

    /** Mean n_f of the kept filters (NaN when none). */
    public double meanKeptClassCount() {
        return mean(keptClassCounts);
    }

    static double mean(int[] histogram) {
        long n = 0;
        double s = 0;
        for (int k = 0; k < histogram.length; k++) {
            n += histogram[k];
            s += (double) k * histogram[k];
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
