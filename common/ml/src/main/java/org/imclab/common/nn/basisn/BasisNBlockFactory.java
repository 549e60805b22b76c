package org.imclab.common.nn.basisn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.InvalidSpecException;
import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * Builds BasisN layers for every conv/linear layer with a {@code basis} reference: registers the one shared
 * parameter {@value #BASIS} (R x N) on the model block the first time it is needed and hands that same
 * {@link Parameter} to each {@link BasisNConv} / {@link BasisNLinear}. Any service builds a BasisN model with
 * {@code new DjlModelBuilder(new BasisNBlockFactory()).build(spec)} or {@link #build(ModelSpec)}.
 */
public class BasisNBlockFactory implements LayerBlockFactory {

    /** Name of the shared basis parameter on the model block (also its key in {@code getParameters()}). */
    public static final String BASIS = "basis";

    private final BasisQuantization basisQuantization;

    /** Inference and float-B training: B is not quantised in the forward. */
    public BasisNBlockFactory() {
        this(BasisQuantization.NONE);
    }

    /** @param basisQuantization training-time quantisation of B to the device's levels */
    public BasisNBlockFactory(BasisQuantization basisQuantization) {
        this.basisQuantization = basisQuantization == null ? BasisQuantization.NONE : basisQuantization;
    }

    /** Builds the spec's block with BasisN layers (B in floating point). */
    public static SpecBlock build(ModelSpec spec) {
        return new DjlModelBuilder(new BasisNBlockFactory()).build(spec);
    }

    /** Builds the spec's block with BasisN layers that quantise B while training. */
    public static SpecBlock build(ModelSpec spec, BasisQuantization basisQuantization) {
        return new DjlModelBuilder(new BasisNBlockFactory(basisQuantization)).build(spec);
    }

    @Override
    public Block create(LayerSpec layer, LayerInfo info, SpecBlock owner) {
        BasisConfig config = owner.spec().basis();
        if (config == null) {
            throw new InvalidSpecException("basis", layer.name(), "layer references a basis but the spec has none");
        }
        Parameter basis = sharedBasis(owner, config);
        return switch (layer.type()) {
            case LayerSpec.CONV -> new BasisNConv(basis, config, basisQuantization, layer.out(), layer.kernel(),
                    layer.stride(), layer.padding(), layer.groups(), layer.hasBias());
            case LayerSpec.LINEAR -> new BasisNLinear(basis, config, basisQuantization, layer.out(),
                    layer.hasBias());
            default -> throw new InvalidSpecException("type", layer.name(),
                    "only conv and linear layers can use a basis, not '" + layer.type() + "'");
        };
    }

    /** The owner's basis parameter, registered on first use; B ~ N(0, 1/R) so its columns have unit norm on average. */
    static Parameter sharedBasis(SpecBlock owner, BasisConfig config) {
        Parameter existing = owner.sharedParameter(BASIS);
        if (existing != null) {
            return existing;
        }
        return owner.addSharedParameter(Parameter.builder()
                .setName(BASIS)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.rows(), config.size()))
                .optInitializer(new NormalInitializer((float) (1.0 / Math.sqrt(config.rows()))))
                .build());
    }
}
