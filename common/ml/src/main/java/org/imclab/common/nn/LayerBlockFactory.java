package org.imclab.common.nn;

import ai.djl.nn.Block;

/**
 * Builds the DJL block for a conv or linear layer that carries a {@code basis} reference (BasisN layers).
 * The owner is the model's top-level block: a factory registers the shared basis parameter on it once
 * ({@link SpecBlock#addSharedParameter}) and lets each layer read that same parameter.
 */
@FunctionalInterface
public interface LayerBlockFactory {

    /**
     * @param layer the spec layer (conv or linear with a basis reference)
     * @param info  its analysed shapes at the spec's input size
     * @param owner the model block being assembled
     * @return the block computing this layer
     */
    Block create(LayerSpec layer, LayerInfo info, SpecBlock owner);
}
