package org.imclab.common.nn.basisn;

/**
 * How well a BasisN layer reproduces a reference weight: relative Frobenius errors ‖W − B c‖ / ‖W‖ over
 * the K unrolled rows (padding excluded).
 *
 * @param name           layer name
 * @param floatError     with the least-squares coefficients before quantisation (NaN when not known)
 * @param quantizedError with the quantised coefficients the layer computes with
 */
public record LayerReconstruction(String name, double floatError, double quantizedError) {
}
