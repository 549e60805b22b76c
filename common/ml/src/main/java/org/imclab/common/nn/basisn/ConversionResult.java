package org.imclab.common.nn.basisn;

import java.util.List;
import org.imclab.common.nn.SpecBlock;

/**
 * A converted model and how faithful it is.
 *
 * @param model            the BasisN block, initialised, with B, the coefficients and every other
 *                         parameter (biases, batch norm) taken from the source
 * @param init             how B was initialised
 * @param segments         weight segments the basis was fitted to
 * @param capturedEnergy   fraction of the segments' squared norm inside span(B) (1 = exact)
 * @param layers           per-layer reconstruction errors
 */
public record ConversionResult(SpecBlock model, BasisInit init, int segments, double capturedEnergy,
        List<LayerReconstruction> layers) {

    public ConversionResult {
        layers = List.copyOf(layers);
    }

    /** Mean over layers of the quantised reconstruction error. */
    public double meanQuantizedError() {
        return layers.stream().mapToDouble(LayerReconstruction::quantizedError).average().orElse(Double.NaN);
    }
}
