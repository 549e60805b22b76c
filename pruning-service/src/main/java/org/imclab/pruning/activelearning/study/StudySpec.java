package org.imclab.pruning.activelearning.study;

import java.util.List;
import org.imclab.pruning.activelearning.AdversarialSettings;
import org.imclab.pruning.activelearning.ClassifierConfig;
import org.imclab.pruning.activelearning.Strategy;

/** A validated study setting: every strategy is run once per seed from the same initial set size. */
public record StudySpec(ClassifierConfig classifier, List<Strategy> strategies, List<Long> seeds, int initialLabelled,
        int batchSize, int budget, Double targetAccuracy, int candidates, AdversarialSettings adversarial) {

    /** The label counts each curve is measured at: initial, +batch, ..., budget. */
    public int[] labelCounts() {
        int rounds = (int) Math.ceil((double) (budget - initialLabelled) / batchSize);
        int[] counts = new int[rounds + 1];
        counts[0] = initialLabelled;
        for (int r = 1; r <= rounds; r++) {
            counts[r] = Math.min(budget, initialLabelled + r * batchSize);
        }
        return counts;
    }
}
