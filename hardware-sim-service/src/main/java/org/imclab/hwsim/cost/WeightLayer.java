package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.LayerInfo;

/**
 * The unrolled weight matrix of one conv or linear layer. A grouped convolution is {@code groups}
 * independent K x (M/groups) matrices, each fed by its own input channels.
 *
 * @param name   layer name
 * @param k      K_l, unrolled rows of one group (kh*kw*Cin/groups, or in-features)
 * @param m      M_l, output channels (all groups)
 * @param groups convolution groups (1 for dense conv and linear)
 * @param pixels P_l, output pixels per sample
 */
record WeightLayer(String name, long k, long m, int groups, long pixels) {

    static List<WeightLayer> of(List<LayerInfo> layers) {
        if (layers == null) {
            throw new IllegalArgumentException("layers must not be null");
        }
        List<WeightLayer> out = new ArrayList<>();
        for (LayerInfo l : layers) {
            if (!l.isWeightLayer()) {
                continue;
            }
            int g = "conv".equals(l.type()) ? Math.max(1, l.groups()) : 1;
            long k = l.unrolledRows();
            long m = l.unrolledCols();
            long p = l.outputPixels();
            if (k < 1 || m < 1 || p < 1) {
                throw new IllegalArgumentException("layer '" + l.name() + "' has an empty weight matrix or output (K="
                        + k + ", M=" + m + ", P=" + p + ")");
            }
            out.add(new WeightLayer(l.name(), k, m, g, p));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("layers contain no conv or linear layer");
        }
        return out;
    }

    /** Output channels of one group, ceil(M / groups). */
    long mPerGroup() {
        return CrossbarParams.ceilDiv(m, groups);
    }

    /** S_l = ceil(K_l / R): row segments (row tiles) of one group. */
    long segments(CrossbarParams p) {
        return CrossbarParams.ceilDiv(k, p.rows());
    }

    /** Column tiles of one group: ceil(M_g * cellsPerValue / C). */
    long columnTiles(CrossbarParams p) {
        return CrossbarParams.ceilDiv(mPerGroup() * p.cellsPerValue(), p.cols());
    }

    /** Crossbars holding the layer's weights: groups * ceil(K/R) * ceil(M_g * cellsPerValue / C). */
    long crossbars(CrossbarParams p) {
        return groups * segments(p) * columnTiles(p);
    }

    /** Cells that hold weight slices: groups * K * M_g * cellsPerValue. */
    long mappedCells(CrossbarParams p) {
        return groups * k * mPerGroup() * p.cellsPerValue();
    }
}
