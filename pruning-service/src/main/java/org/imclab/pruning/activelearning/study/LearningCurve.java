package org.imclab.pruning.activelearning.study;

/**
 * Test accuracy against the number of oracle labels, for one strategy and seed.
 *
 * @param synthetic DFAL's adversarial examples added to the training set at the end (free: no oracle cost)
 * @param seconds   wall time of the whole curve
 */
public record LearningCurve(String strategy, long seed, int[] labels, double[] accuracy, int synthetic,
        double seconds) {
}
