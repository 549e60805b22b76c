package org.imclab.common.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a spec implies for one input size: every layer with its shapes, parameters and MACs, the totals,
 * and the output shape (without the batch axis).
 *
 * @param totalMacs conv and linear multiply-accumulates per sample, as torchvision's model tables count them
 * @param totalOps  {@code totalMacs} plus one operation per element for biases, ReLU and pooling inputs and two
 *                  per batchnorm input element: the convention of the ptflops counter, which is where several
 *                  published "GFLOPs" figures come from (e.g. DenseNet-121's 2.9 against its 2.83 G conv MACs)
 */
public record ModelAnalysis(List<LayerInfo> layers, long totalParams, long totalMacs, long totalOps,
        int[] outputShape) {

    public ModelAnalysis {
        layers = List.copyOf(layers);
        outputShape = outputShape.clone();
    }

    /** The totals summed from the layers. */
    public static ModelAnalysis of(List<LayerInfo> layers, int[] outputShape) {
        long params = 0;
        long macs = 0;
        long ops = 0;
        // Exact sums: SpecAnalysis bounds every term, so an overflow here is a bug, not bad input.
        for (LayerInfo l : layers) {
            params = Math.addExact(params, l.params());
            macs = Math.addExact(macs, l.macs());
            ops = Math.addExact(ops, Math.addExact(l.macs(), elementwiseOps(l)));
        }
        return new ModelAnalysis(layers, params, macs, ops, outputShape);
    }

    /** The non-MAC operations ptflops counts for a layer (per sample). */
    static long elementwiseOps(LayerInfo l) {
        long in = numel(l.inShape());
        long out = numel(l.outShape());
        return switch (l.type()) {
            // A bias (parameters beyond the weights) costs one add per output element.
            case LayerSpec.CONV -> l.params() > (long) l.kernel() * l.kernel() * (l.inChannels() / l.groups())
                    * l.outChannels() ? out : 0;
            case LayerSpec.LINEAR -> l.params() > (long) l.inChannels() * l.outChannels() ? out : 0;
            case LayerSpec.BATCHNORM -> 2 * in;
            case LayerSpec.RELU -> out;
            case LayerSpec.MAXPOOL, LayerSpec.AVGPOOL, LayerSpec.GLOBALAVGPOOL -> in;
            default -> 0;
        };
    }

    private static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
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
                && totalMacs == m.totalMacs && totalOps == m.totalOps && Arrays.equals(outputShape, m.outputShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layers, totalParams, totalMacs, totalOps, Arrays.hashCode(outputShape));
    }

    @Override
    public String toString() {
        return "ModelAnalysis[layers=" + layers.size() + ", params=" + totalParams + ", macs=" + totalMacs
                + ", ops=" + totalOps + ", output=" + Arrays.toString(outputShape) + "]";
    }
}
