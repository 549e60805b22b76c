package org.imclab.hwsim.noise;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A block that wraps one conv or linear layer of a model to observe or alter what crosses it. It
 * saves and loads exactly what the wrapped block does, so weights trained without the wrapper load
 * into it; subclasses only write {@code forwardInternal}.
 */
abstract class LayerWrapper extends AbstractBlock {

    protected final Block inner;
    private final String layer;

    protected LayerWrapper(String layer, Block inner) {
        this.layer = layer;
        this.inner = addChildBlock("layer", inner);
    }

    public String layerName() {
        return layer;
    }

    public Block inner() {
        return inner;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inner.getOutputShapes(inputShapes);
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        inner.saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        inner.loadParameters(manager, is);
    }
}
