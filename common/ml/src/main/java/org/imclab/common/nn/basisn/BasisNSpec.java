package org.imclab.common.nn.basisn;

import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;

/** Turns a standard spec into its BasisN form and back: the same graph with every conv/linear on the basis. */
public final class BasisNSpec {

    /** The basis reference every layer carries (there is one global basis per model). */
    public static final String REFERENCE = "B";

    private BasisNSpec() {
    }

    /** The spec with every conv and linear layer referring to the one basis {@code config}. */
    public static ModelSpec of(ModelSpec standard, BasisConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("a basis configuration is required");
        }
        List<LayerSpec> layers = new ArrayList<>(standard.layers().size());
        for (LayerSpec l : standard.layers()) {
            layers.add(l.isWeightLayer() ? l.withBasis(REFERENCE) : l);
        }
        return new ModelSpec(standard.name(), standard.input(), standard.classes(), layers, config);
    }

    /** The dense spec of the same graph (no basis references, no basis configuration). */
    public static ModelSpec standard(ModelSpec basisN) {
        List<LayerSpec> layers = new ArrayList<>(basisN.layers().size());
        for (LayerSpec l : basisN.layers()) {
            layers.add(l.basis() != null ? l.withBasis(null) : l);
        }
        return new ModelSpec(basisN.name(), basisN.input(), basisN.classes(), layers, null);
    }

    /** Whether any layer of the spec uses the basis. */
    public static boolean isBasisN(ModelSpec spec) {
        return spec.basis() != null && spec.layers().stream().anyMatch(l -> l.basis() != null);
    }
}
