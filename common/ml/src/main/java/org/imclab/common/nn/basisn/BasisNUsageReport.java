package org.imclab.common.nn.basisn;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * What a trained BasisN model asks of the chip, read from its quantised coefficients: per layer the crossbar
 * groups it uses and its nonzero coefficients (docs/science/basisn.md §1(c)); the hardware simulator's cost model reads
 * exactly this ({@link #metadata()}).
 *
 * @param rows      R
 * @param basisSize N
 * @param coeffBits bits per coefficient
 * @param groups    G, crossbar groups of the basis columns
 * @param layers    per BasisN layer, in spec order
 */
public record BasisNUsageReport(int rows, int basisSize, int coeffBits, int groups, List<LayerUsage> layers) {

    public BasisNUsageReport {
        layers = List.copyOf(layers);
    }

    /** Reads the usage of every BasisN layer of an initialised model. */
    public static BasisNUsageReport of(SpecBlock model) {
        BasisConfig config = model.spec().basis();
        if (config == null) {
            throw new IllegalArgumentException("model '" + model.spec().name() + "' has no basis");
        }
        List<LayerUsage> out = new ArrayList<>();
        for (LayerSpec l : model.spec().layers()) {
            Block b = model.layer(l.name());
            if (b instanceof BasisNLayer layer) {
                out.add(usage(l.name(), l.type(), layer));
            }
        }
        return new BasisNUsageReport(config.rows(), config.size(), config.coeffBits(), config.groups(), out);
    }

    /** The usage of one layer from its current coefficients and scale. */
    public static LayerUsage usage(String name, String type, BasisNLayer layer) {
        float[] q = layer.quantizedCoefficients();
        int[] levels = layer.coefficientLevels();
        int n = layer.basisSize();
        long m = layer.outputs();
        CrossbarGroups groups = layer.groups();
        boolean[] used = new boolean[groups.groups()];
        long nnz = 0;
        // Layout (S, N, M): index = (s * N + col) * M + f.
        for (int i = 0; i < q.length; i++) {
            if (q[i] != 0f) {
                nnz++;
                int col = (int) ((i / m) % n);
                used[groups.groupOf(col)] = true;
            }
        }
        int distinct = 0;
        if (levels != null) {
            Set<Integer> seen = new HashSet<>();
            for (int v : levels) {
                seen.add(v);
            }
            distinct = seen.size();
        }
        return new LayerUsage(name, type, layer.unrolledRows(), m, layer.segments(), q.length, nnz, used, distinct,
                layer.scaleValue(), layer.coeffBits());
    }

    /** Mean over layers of the crossbar groups used. */
    public double meanGroupsUsed() {
        return layers.stream().mapToInt(LayerUsage::groupsUsed).average().orElse(0);
    }

    public long totalCoefficients() {
        return layers.stream().mapToLong(LayerUsage::coefficients).sum();
    }

    public long totalNonzero() {
        return layers.stream().mapToLong(LayerUsage::nonzeroCoefficients).sum();
    }

    /** Fraction of all coefficients that quantise to zero. */
    public double sparsity() {
        long total = totalCoefficients();
        return total == 0 ? 0 : 1.0 - (double) totalNonzero() / total;
    }

    /**
     * The registry metadata the hardware simulator reads: {@code basisSize, coeffBits, rows, groups, perLayer:
     * {name: {groupsUsed, nonzeroCoefficients, segments, coefficients, usedGroups}}}. A layer whose
     * coefficients are all zero is reported with one group, the least a pass can occupy.
     */
    public Map<String, Object> metadata() {
        Map<String, Object> perLayer = new LinkedHashMap<>();
        for (LayerUsage u : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("groupsUsed", Math.max(1, u.groupsUsed()));
            m.put("nonzeroCoefficients", u.nonzeroCoefficients());
            m.put("segments", u.segments());
            m.put("coefficients", u.coefficients());
            List<Integer> used = new ArrayList<>();
            for (int g = 0; g < u.usedGroups().length; g++) {
                if (u.usedGroups()[g]) {
                    used.add(g);
                }
            }
            m.put("usedGroups", used);
            perLayer.put(u.name(), m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("basisSize", basisSize);
        out.put("coeffBits", coeffBits);
        out.put("rows", rows);
        out.put("groups", groups);
        out.put("perLayer", perLayer);
        return out;
    }
}
