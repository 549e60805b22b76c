package org.imclab.pruning.activelearning;

/**
 * The samples a strategy queries.
 *
 * @param positions indices into the candidate rows it was given, best first
 * @param synthetic per position, an adversarial example to add with the oracle's label (DFAL), or null
 */
public record Selection(int[] positions, float[][] synthetic) {
}
