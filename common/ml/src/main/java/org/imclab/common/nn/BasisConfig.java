package org.imclab.common.nn;

/**
 * The one global BasisN basis that every conv/linear layer with a {@code basis} reference shares
 * (docs/science/basisn.md §1): {@code B ∈ R^{rows × size}}, coefficients quantised to {@code coeffBits} bits, and the
 * basis columns split into {@code groups} crossbar groups for the parallelisation penalty.
 *
 * @param rows      R, the crossbar rows: the length of one weight segment
 * @param size      N, the number of basis vectors (columns of B)
 * @param coeffBits bits of each quantised coefficient
 * @param groups    crossbar groups the N columns are split into (1 = no grouping)
 */
public record BasisConfig(int rows, int size, int coeffBits, int groups) {

    /** Widest coefficient accepted; above 16 bits the quantiser leaves coefficients in floating point anyway. */
    public static final int MAX_COEFF_BITS = 32;
}
