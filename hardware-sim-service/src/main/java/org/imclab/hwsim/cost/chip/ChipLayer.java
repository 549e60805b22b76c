package org.imclab.hwsim.cost.chip;

import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.LayerInfo;

/**
 * One conv or linear layer as NeuroSim's network file describes it: input H x W x Cin, a k x k
 * kernel, Cout outputs, stride, and whether a max-pool follows (NetWork_*.csv columns).
 *
 * @param name       layer name
 * @param inH        input height (1 for linear)
 * @param inW        input width (1 for linear)
 * @param cin        input channels (or in-features)
 * @param k          kernel side (1 for linear)
 * @param cout       output channels (or out-features)
 * @param stride     stride (1 for linear)
 * @param poolAfter  a max-pool follows before the next weight layer
 * @param outPixels  true output pixels (with padding), 1 for linear
 */
public record ChipLayer(String name, int inH, int inW, int cin, int k, int cout, int stride, boolean poolAfter,
        long outPixels) {

    /** The weight layers of an analysed spec, in order; grouped convolutions are refused. */
    public static List<ChipLayer> of(List<LayerInfo> layers) {
        if (layers == null) {
            throw new IllegalArgumentException("layers must not be null");
        }
        List<ChipLayer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerInfo l = layers.get(i);
            if (!l.isWeightLayer()) {
                continue;
            }
            boolean pool = false;
            for (int j = i + 1; j < layers.size() && !layers.get(j).isWeightLayer(); j++) {
                pool |= "maxpool".equals(layers.get(j).type());
            }
            if ("conv".equals(l.type())) {
                if (l.groups() > 1) {
                    throw new IllegalArgumentException("layer '" + l.name() + "': grouped convolutions are not in the"
                            + " chip-level model (NeuroSim maps dense layers only)");
                }
                out.add(new ChipLayer(l.name(), l.inShape()[1], l.inShape()[2], l.inChannels(), l.kernel(),
                        l.outChannels(), Math.max(1, l.stride()), pool, l.outputPixels()));
            } else {
                out.add(new ChipLayer(l.name(), 1, 1, l.inChannels(), 1, l.outChannels(), 1, pool, 1));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("layers contain no conv or linear layer");
        }
        return out;
    }

    /** Rows of the unrolled weight matrix, Cin * k^2. */
    public long weightRows() {
        return (long) cin * k * k;
    }

    /** Columns of the cell matrix, Cout * cellsPerWeight. */
    public long cellCols(ChipParams p) {
        return (long) cout * p.cellsPerWeight();
    }

    /**
     * Input vectors applied to the arrays for one image. NeuroSim counts (H-k+1)(W-k+1)/s^2
     * (Chip.cpp ChipCalculatePerformance, numInVector: padding ignored); with
     * {@code validConvVectors} off the true output pixel count is used.
     */
    public long vectors(ChipParams p) {
        if (!p.validConvVectors()) {
            return outPixels;
        }
        long h = Math.max(1, (inH - k + 1) / stride);
        long w = Math.max(1, (inW - k + 1) / stride);
        return h * w;
    }

    /** MACs NeuroSim credits for TOPS: H * W * Cin * k^2 * Cout with the input H x W (main.cpp). */
    public double creditedMacs() {
        return (double) inH * inW * cin * k * k * cout;
    }
}
