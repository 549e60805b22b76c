package org.imclab.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block that evaluates a {@link ModelSpec} DAG. Every layer with weights or behaviour is a child
 * block named after the layer, so parameter names derive from layer names; {@code add} and
 * {@code concat} are computed here (sum, and join along the channel axis 1). Shapes for initialisation
 * come from {@link SpecAnalysis}, so they agree with the spec by construction.
 */
public class SpecBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ModelSpec spec;
    private final List<List<String>> inputs = new ArrayList<>();
    private final Map<String, Block> layers = new HashMap<>();
    /** Index of the last layer reading each value, so inference can free it early. */
    private final Map<String, Integer> lastUse = new HashMap<>();
    private OutputTap outputTap;

    /**
     * Sees every layer's output during the forward pass and may replace it (e.g. multiply by a gate whose
     * gradient is the Taylor importance of each channel). The returned array is what later layers read.
     */
    @FunctionalInterface
    public interface OutputTap {
        NDArray apply(String layer, NDArray output);
    }

    protected SpecBlock(ModelSpec spec) {
        super(VERSION);
        this.spec = spec;
        for (int i = 0; i < spec.layers().size(); i++) {
            List<String> in = spec.inputsOf(i);
            inputs.add(in);
            for (String name : in) {
                lastUse.put(name, i);
            }
        }
    }

    /** The spec this block computes. */
    public ModelSpec spec() {
        return spec;
    }

    /** The child block of a layer, or null for add/concat. */
    public Block layer(String name) {
        return layers.get(name);
    }

    /**
     * Registers a parameter owned by the whole model (the shared BasisN basis): it is listed once,
     * initialised once and saved once; layers read it through the ParameterStore. Give it a shape.
     */
    public Parameter addSharedParameter(Parameter parameter) {
        return addParameter(parameter);
    }

    /** The shared parameter with this name, or null. */
    public Parameter sharedParameter(String name) {
        return parameters.get(name);
    }

    /** Sets the tap applied to every layer output; null (the default) removes it. */
    public void setOutputTap(OutputTap tap) {
        this.outputTap = tap;
    }

    /**
     * Whether each sample's output depends only on that sample and the weights, and a training forward pass
     * draws no random numbers and changes no state. Batch norm (batch statistics, running averages), dropout
     * (the engine's random generator), an output tap and any block other than DJL's stock convolution, linear
     * and lambda blocks (a BasisN layer, say) rule that out. Only such a model may train one batch as slices on
     * several threads ({@code BatchShards}): the summed slice gradients are then the batch's gradient.
     */
    public boolean perSampleForward() {
        if (outputTap != null) {
            return false;
        }
        for (LayerSpec l : spec.layers()) {
            Block b = layers.get(l.name());
            if (LayerSpec.BATCHNORM.equals(l.type()) || LayerSpec.DROPOUT.equals(l.type())
                    || b != null && !(b instanceof Conv2d || b instanceof Linear || b instanceof LambdaBlock)) {
                return false;
            }
        }
        return true;
    }

    void addLayer(String name, Block block) {
        layers.put(name, addChildBlock(name, block));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList input, boolean training,
            PairList<String, Object> params) {
        NDArray x = input.head();
        Map<String, NDArray> values = new HashMap<>();
        values.put(ModelSpec.INPUT, x);
        List<LayerSpec> specLayers = spec.layers();
        NDArray result = null;
        for (int i = 0; i < specLayers.size(); i++) {
            LayerSpec l = specLayers.get(i);
            List<String> in = inputs.get(i);
            result = switch (l.type()) {
                case LayerSpec.ADD -> {
                    NDArray sum = values.get(in.get(0));
                    for (int k = 1; k < in.size(); k++) {
                        sum = sum.add(values.get(in.get(k)));
                    }
                    yield sum;
                }
                case LayerSpec.CONCAT -> {
                    NDList parts = new NDList(in.size());
                    in.forEach(name -> parts.add(values.get(name)));
                    yield NDArrays.concat(parts, 1);
                }
                default -> layers.get(l.name()).forward(store, new NDList(values.get(in.get(0))), training, params)
                        .head();
            };
            if (outputTap != null) {
                result = outputTap.apply(l.name(), result);
            }
            values.put(l.name(), result);
            if (!training) {
                release(values, in, i, x);
            }
        }
        return new NDList(result);
    }

    /**
     * At inference nothing keeps intermediate results alive, so each is closed after its last reader;
     * this bounds memory for deep DAGs such as DenseNet. Arrays that a block passed through unchanged
     * are still referenced elsewhere and are kept.
     */
    private void release(Map<String, NDArray> values, List<String> read, int index, NDArray modelInput) {
        for (String name : read) {
            if (ModelSpec.INPUT.equals(name) || lastUse.get(name) != index || !values.containsKey(name)) {
                continue;
            }
            NDArray done = values.remove(name);
            boolean shared = done == modelInput || values.values().stream().anyMatch(v -> v == done);
            if (!shared) {
                done.close();
            }
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        ModelAnalysis analysis = SpecAnalysis.analyze(spec, sampleShape(inputShapes[0]));
        long batch = inputShapes[0].get(0);
        for (LayerInfo info : analysis.layers()) {
            Block block = layers.get(info.name());
            if (block != null) {
                block.initialize(manager, dataType, withBatch(batch, info.inShape()));
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        ModelAnalysis analysis = SpecAnalysis.analyze(spec, sampleShape(inputShapes[0]));
        return new Shape[] {withBatch(inputShapes[0].get(0), analysis.outputShape())};
    }

    private static int[] sampleShape(Shape withBatch) {
        long[] dims = withBatch.slice(1).getShape();
        return Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
    }

    private static Shape withBatch(long batch, int[] shape) {
        long[] dims = new long[shape.length + 1];
        dims[0] = batch;
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        return new Shape(dims);
    }
}
