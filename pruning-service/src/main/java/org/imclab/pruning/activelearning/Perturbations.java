package org.imclab.pruning.activelearning;

/**
 * Result of a minimal-perturbation search over a batch.
 *
 * @param distance    per row, the boundary distance used for ranking (+∞ when the prediction cannot change)
 * @param adversarial per row, x + r with a different prediction, or null
 * @param flipped     per row, whether {@code adversarial} really changes the prediction
 */
public record Perturbations(double[] distance, float[][] adversarial, boolean[] flipped) {
}
