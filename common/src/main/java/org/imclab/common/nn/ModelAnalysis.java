package org.imclab.common.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a spec implies for one input size: every layer with its shapes, parameters and MACs, the totals,
 * and the output shape (without the batch axis).
 */
public record ModelAnalysis(List<LayerInfo> layers, long totalParams, long totalMacs, int[] outputShape) {

    public ModelAnalysis {
        layers = List.copyOf(layers);
        outputShape = outputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** The analysed layer with this name. */
    public LayerInfo layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "'"));
    }

    /** Only the conv and linear layers, in spec order: what a crossbar maps. */
    public List<LayerInfo> weightLayers() {
        return layers.stream().filter(LayerInfo::isWeightLayer).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelAnalysis m && layers.equals(m.layers) && totalParams == m.totalParams
                && totalMacs == m.totalMacs && Arrays.equals(outputShape, m.outputShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layers, totalParams, totalMacs, Arrays.hashCode(outputShape));
    }

    @Override
    public String toString() {
        return "ModelAnalysis[layers=" + layers.size() + ", params=" + totalParams + ", macs=" + totalMacs
                + ", output=" + Arrays.toString(outputShape) + "]";
    }
}
