package org.imclab.common.nn.basisn;

/**
 * How one BasisN layer uses the basis, from its quantised coefficients.
 *
 * @param name                layer name
 * @param type                conv or linear
 * @param unrolledRows        K
 * @param outputs             M
 * @param segments            S = ceil(K / R)
 * @param coefficients        S * N * M
 * @param nonzeroCoefficients nnz(c_l) after quantisation: the digital MACs per output pixel
 * @param usedGroups          per crossbar group, whether any quantised coefficient on its columns is nonzero
 * @param distinctLevels      distinct integer levels among the quantised coefficients (0 when unquantised)
 * @param scale               the per-layer quantisation step
 * @param coeffBits           bits per coefficient
 */
public record LayerUsage(String name, String type, long unrolledRows, long outputs, long segments,
        long coefficients, long nonzeroCoefficients, boolean[] usedGroups, int distinctLevels, float scale,
        int coeffBits) {

    /** Crossbar groups the layer's nonzero coefficients refer to. */
    public int groupsUsed() {
        int n = 0;
        for (boolean u : usedGroups) {
            if (u) {
                n++;
            }
        }
        return n;
    }

    /** Fraction of coefficients that quantise to zero. */
    public double sparsity() {
        return coefficients == 0 ? 0 : 1.0 - (double) nonzeroCoefficients / coefficients;
    }
}
