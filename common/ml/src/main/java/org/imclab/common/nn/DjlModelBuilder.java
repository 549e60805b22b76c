package org.imclab.common.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * Turns a validated {@link ModelSpec} into a DJL {@link SpecBlock}. Dense layers use DJL's own blocks;
 * conv/linear layers with a {@code basis} reference go to the {@link LayerBlockFactory} given here (or to
 * an override of {@link #layerBlock}), which is how BasisN layers plug in. Without a factory such layers
 * are built dense, which is the same function with unconstrained weights.
 */
public class DjlModelBuilder {

    private final LayerBlockFactory basisFactory;

    public DjlModelBuilder() {
        this(null);
    }

    public DjlModelBuilder(LayerBlockFactory basisFactory) {
        this.basisFactory = basisFactory;
    }

    /** Validates the spec and builds its block (uninitialised: call initialize with [B, input...]). */
    public SpecBlock build(ModelSpec spec) {
        ModelAnalysis analysis = SpecValidator.validate(spec);
        SpecBlock model = new SpecBlock(spec);
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            Block block = layerBlock(l, analysis.layers().get(i), model);
            if (block != null) {
                model.addLayer(l.name(), block);
            }
        }
        return model;
    }

    /**
     * The block for one layer, or null for add/concat (which the model block computes). Override or pass
     * a factory to change how basis layers are built.
     */
    protected Block layerBlock(LayerSpec l, LayerInfo info, SpecBlock owner) {
        if (l.basis() != null && basisFactory != null) {
            return basisFactory.create(l, info, owner);
        }
        return standardBlock(l);
    }

    /** DJL's stock block for a layer type; null for add/concat. */
    public static Block standardBlock(LayerSpec l) {
        return switch (l.type()) {
            case LayerSpec.CONV -> Conv2d.builder()
                    .setKernelShape(new Shape(l.kernel(), l.kernel()))
                    .optStride(new Shape(l.stride(), l.stride()))
                    .optPadding(new Shape(l.padding(), l.padding()))
                    .optGroups(l.groups())
                    .optBias(l.hasBias())
                    .setFilters(l.out())
                    .build();
            case LayerSpec.LINEAR -> Linear.builder().setUnits(l.out()).optBias(l.hasBias()).build();
            case LayerSpec.BATCHNORM -> BatchNorm.builder().build();
            case LayerSpec.RELU -> Activation.reluBlock();
            // Floor mode; average pooling counts padding like PyTorch's default.
            case LayerSpec.MAXPOOL -> Pool.maxPool2dBlock(square(l.kernel()), square(l.stride()),
                    square(l.padding()), false);
            case LayerSpec.AVGPOOL -> Pool.avgPool2dBlock(square(l.kernel()), square(l.stride()),
                    square(l.padding()), false, true);
            // The spec's global pool gives [C], so the result is reshaped to (batch, C).
            case LayerSpec.GLOBALAVGPOOL -> new LambdaBlock(x -> {
                var pooled = Pool.globalAvgPool2d(x.head());
                return new NDList(pooled.reshape(pooled.getShape().get(0), pooled.getShape().get(1)));
            }, "globalavgpool");
            case LayerSpec.FLATTEN -> Blocks.batchFlattenBlock();
            case LayerSpec.DROPOUT -> Dropout.builder().optRate(l.p().floatValue()).build();
            case LayerSpec.ADD, LayerSpec.CONCAT -> null;
            default -> throw new InvalidSpecException("type", l.name(), "unknown type '" + l.type() + "'");
        };
    }

    private static Shape square(int side) {
        return new Shape(side, side);
    }
}
