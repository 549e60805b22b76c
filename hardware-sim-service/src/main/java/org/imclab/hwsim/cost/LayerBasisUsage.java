package org.imclab.hwsim.cost;

/**
 * How one layer of a BasisN model uses the shared basis.
 *
 * @param groupsUsed          crossbar groups (basis crossbars) holding the basis columns that the
 *                            layer's nonzero coefficients refer to; 1..X_B
 * @param nonzeroCoefficients nnz(c_l): nonzero coefficients of the layer over all segments and
 *                            output channels; the digital MACs per output pixel
 */
public record LayerBasisUsage(int groupsUsed, long nonzeroCoefficients) {

    public LayerBasisUsage {
        if (groupsUsed < 1) {
            throw new IllegalArgumentException("groupsUsed must be at least 1, got " + groupsUsed);
        }
        if (nonzeroCoefficients < 0) {
            throw new IllegalArgumentException("nonzeroCoefficients must not be negative, got " + nonzeroCoefficients);
        }
    }
}
