package org.imclab.hwsim.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.LayerInfo;

/**
 * What a BasisN model asks of the chip: the basis size N, the coefficient precision and, per layer
 * name, the crossbar groups and nonzero coefficients it uses.
 *
 * @param basisSize N, basis vectors (columns of B); B has R rows, R = crossbar rows
 * @param coeffBits bits of each quantized coefficient
 * @param layers    usage per conv/linear layer name
 */
public record BasisNUsage(int basisSize, int coeffBits, Map<String, LayerBasisUsage> layers) {

    public BasisNUsage {
        if (basisSize < 1) {
            throw new IllegalArgumentException("basisSize must be at least 1, got " + basisSize);
        }
        if (coeffBits < 1) {
            throw new IllegalArgumentException("coeffBits must be at least 1, got " + coeffBits);
        }
        if (layers == null) {
            throw new IllegalArgumentException("layers must not be null");
        }
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** X_B = ceil(N * cellsPerValue / C): crossbars that hold one copy of the basis. */
    public static long basisCrossbars(int basisSize, CrossbarParams params) {
        return CrossbarParams.ceilDiv((long) basisSize * params.cellsPerValue(), params.cols());
    }

    /** X_B of this usage on the given chip. */
    public long basisCrossbars(CrossbarParams params) {
        return basisCrossbars(basisSize, params);
    }

    /**
     * The dense default when no trained model is given: every layer uses all X_B groups and every
     * coefficient is nonzero, nnz(c_l) = S_l * N * M_l with S_l = ceil(K_l / R).
     */
    public static BasisNUsage dense(List<LayerInfo> layers, int basisSize, int coeffBits, CrossbarParams params) {
        if (basisSize < 1) {
            throw new IllegalArgumentException("basisSize must be at least 1, got " + basisSize);
        }
        int xb = Math.toIntExact(basisCrossbars(basisSize, params));
        Map<String, LayerBasisUsage> usage = new LinkedHashMap<>();
        for (WeightLayer w : WeightLayer.of(layers)) {
            usage.put(w.name(), new LayerBasisUsage(xb, denseNonzeros(w, basisSize, params)));
        }
        return new BasisNUsage(basisSize, coeffBits, usage);
    }

    /** Coefficients of a layer when all are nonzero: groups * S_l * N * M_g. */
    static long denseNonzeros(WeightLayer w, int basisSize, CrossbarParams params) {
        return w.groups() * w.segments(params) * basisSize * w.mPerGroup();
    }

    /**
     * The same usage on a chip with other cell parameters: a layer keeps the basis columns its
     * groups held (groupsUsed * C / cellsPerValue, at most N) and needs as many crossbars as those
     * columns fill on the new chip, at most the new X_B.
     */
    public BasisNUsage rescaledTo(CrossbarParams from, CrossbarParams to) {
        long xbTo = basisCrossbars(to);
        Map<String, LayerBasisUsage> out = new LinkedHashMap<>();
        for (Map.Entry<String, LayerBasisUsage> e : layers.entrySet()) {
            double columns = Math.min(basisSize,
                    (double) e.getValue().groupsUsed() * from.cols() / from.cellsPerValue());
            long groups = (long) Math.ceil(columns * to.cellsPerValue() / to.cols() - 1e-9);
            groups = Math.max(1, Math.min(xbTo, groups));
            out.put(e.getKey(), new LayerBasisUsage((int) groups, e.getValue().nonzeroCoefficients()));
        }
        return new BasisNUsage(basisSize, coeffBits, out);
    }
}
