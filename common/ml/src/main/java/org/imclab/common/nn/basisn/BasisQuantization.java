package org.imclab.common.nn.basisn;

/**
 * Quantisation of the basis B to the device's conductance levels while training (docs/science/basisn.md §1, training
 * (a)). A value is stored as {@code slices} cells of {@code bitsPerCell} bits, {@code 2^bitsPerCell} levels
 * each, so it has {@code weightBits = bitsPerCell * slices} bits: B is quantised uniformly and symmetrically
 * to that many bits (sign by differential or offset storage) with a straight-through estimator.
 *
 * <p>Applied only in training forwards: inference reads B as stored, so a simulator that perturbs the
 * stored B sees its noise unfiltered. Training jobs project B onto the grid when they finish.
 *
 * @param enabled     whether training quantises B
 * @param bitsPerCell bits of one RRAM cell
 * @param slices      cells (bit slices) per basis value
 */
public record BasisQuantization(boolean enabled, int bitsPerCell, int slices) {

    /** B stays in floating point. */
    public static final BasisQuantization NONE = new BasisQuantization(false, 2, 4);

    public BasisQuantization {
        if (bitsPerCell < 1 || slices < 1) {
            throw new IllegalArgumentException("bitsPerCell and slices must be at least 1, got " + bitsPerCell
                    + " and " + slices);
        }
        if (enabled && bitsPerCell * slices > SymmetricQuantizer.MAX_QUANTIZED_BITS) {
            throw new IllegalArgumentException("bitsPerCell * slices must be at most "
                    + SymmetricQuantizer.MAX_QUANTIZED_BITS + ", got " + bitsPerCell * slices);
        }
    }

    public static BasisQuantization of(int bitsPerCell, int slices) {
        return new BasisQuantization(true, bitsPerCell, slices);
    }

    /** Bits per basis value: bitsPerCell * slices. */
    public int weightBits() {
        return bitsPerCell * slices;
    }
}
