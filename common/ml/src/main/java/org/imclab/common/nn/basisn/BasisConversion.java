package org.imclab.common.nn.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * Conversion of a trained model into BasisN form (docs/science/basisn.md §1, training (b)): every conv/linear weight is
 * unrolled to K x M and cut into R-row segments (zero-padded); the basis B (R x N) is fitted to all segments
 * of all layers (truncated SVD or k-means); each layer's coefficients are the least-squares solution
 * {@code c = pinv(B) w_seg} over the segment's real rows only (a last, padded segment is fitted with B's first
 * rows, since the layer trims the padding away), quantised with the per-layer scale. Everything else (biases, batch norm) is
 * copied, so the converted model differs from its source only by the basis approximation.
 */
public final class BasisConversion {

    /** Lloyd iterations of k-means at most. */
    public static final int KMEANS_ITERATIONS = 100;
    /** Eigenvalues of B^T B below this fraction of the largest are treated as zero in pinv(B). */
    public static final double PINV_TOLERANCE = 1e-10;

    private BasisConversion() {
    }

    /** One layer's dense weight as (M x K) row-major: row f is column f of the unrolled W. */
    public record DenseWeight(String name, int outputs, int unrolledRows, float[] values) {
    }

    /**
     * Converts {@code source} (a standard or BasisN model, initialised) to a BasisN model with {@code config}.
     *
     * @param basisQuantization training-time quantisation of B for the new block (fine-tuning)
     * @param manager           the manager the new block's parameters live in
     */
    public static ConversionResult convert(SpecBlock source, BasisConfig config, BasisInit init, long seed,
            BasisQuantization basisQuantization, NDManager manager) {
        ModelSpec spec = BasisNSpec.of(BasisNSpec.standard(source.spec()), config);
        List<DenseWeight> weights = denseWeights(source);
        int r = config.rows();
        int n = config.size();
        List<double[]> segments = new ArrayList<>();
        for (DenseWeight w : weights) {
            segments.addAll(segments(w, r));
        }
        double[][] basis = switch (init) {
            case SVD -> svdBasis(segments, r, n);
            case KMEANS -> kmeansBasis(segments, n, seed);
        };
        // pinv of B restricted to its first v rows, per count v of real rows a segment has: a layer's last segment
        // is zero-padded to R rows, and the layer trims the padding rows of B·c away, so the fit must not try
        // to reproduce those zeros (fitting them pulls the coefficients off the least-squares optimum of the
        // rows the layer keeps).
        Map<Integer, double[][]> pinvByRows = new HashMap<>();

        SpecBlock target = BasisNBlockFactory.build(spec, basisQuantization);
        int[] input = spec.input();
        long[] dims = new long[input.length + 1];
        dims[0] = 1;
        for (int i = 0; i < input.length; i++) {
            dims[i + 1] = input[i];
        }
        target.initialize(manager, DataType.FLOAT32, new Shape(dims));
        copyShared(source, target);
        target.sharedParameter(BasisNBlockFactory.BASIS).getArray().set(flatten(basis));

        double residual = 0;
        double energy = 0;
        Map<String, Double> floatErrors = new HashMap<>();
        for (DenseWeight w : weights) {
            BasisNLayer layer = (BasisNLayer) target.layer(w.name());
            int s = (int) layer.segments();
            float[] c = new float[s * n * w.outputs()];
            double layerResidual = 0;
            double layerEnergy = 0;
            for (int f = 0; f < w.outputs(); f++) {
                for (int seg = 0; seg < s; seg++) {
                    double[] x = segment(w, seg, f, r);
                    int valid = Math.min(r, w.unrolledRows() - seg * r);
                    double[] coef = multiply(pinvByRows.computeIfAbsent(valid, v -> trimmedPseudoInverse(basis, v)), x);
                    for (int k = 0; k < n; k++) {
                        c[(seg * n + k) * w.outputs() + f] = (float) coef[k];
                    }
                    double[] approx = multiply(basis, coef);
                    for (int i = 0; i < valid; i++) {
                        double d = x[i] - approx[i];
                        layerResidual += d * d;
                        layerEnergy += x[i] * x[i];
                    }
                }
            }
            residual += layerResidual;
            energy += layerEnergy;
            floatErrors.put(w.name(), layerEnergy == 0 ? 0 : Math.sqrt(layerResidual / layerEnergy));
            layer.coefficients().getArray().set(c);
            layer.calibrateScale();
        }
        List<LayerReconstruction> errors = new ArrayList<>();
        for (LayerReconstruction e : reconstruction(weights, target)) {
            errors.add(new LayerReconstruction(e.name(), floatErrors.getOrDefault(e.name(), Double.NaN),
                    e.quantizedError()));
        }
        return new ConversionResult(target, init, segments.size(), energy == 0 ? 1 : 1 - residual / energy,
                errors);
    }

    /** Dense weights of every conv/linear layer of a model, standard or BasisN, in spec order. */
    public static List<DenseWeight> denseWeights(SpecBlock model) {
        List<DenseWeight> out = new ArrayList<>();
        for (LayerSpec l : model.spec().layers()) {
            if (!l.isWeightLayer()) {
                continue;
            }
            Block child = model.layer(l.name());
            if (child instanceof BasisNLayer b) {
                out.add(new DenseWeight(l.name(), (int) b.outputs(), (int) b.unrolledRows(), b.denseWeight()));
            } else {
                NDArray w = child.getParameters().get("weight").getArray();
                int m = (int) w.getShape().get(0);
                int k = (int) (w.size() / m);
                out.add(new DenseWeight(l.name(), m, k, w.toFloatArray()));
            }
        }
        return out;
    }

    /**
     * Relative Frobenius error ‖W − W_model‖ / ‖W‖ of each BasisN layer of {@code model} against reference
     * weights (e.g. the source model's), with the quantised coefficients the model computes with.
     */
    public static List<LayerReconstruction> reconstruction(List<DenseWeight> reference, SpecBlock model) {
        List<LayerReconstruction> out = new ArrayList<>();
        for (DenseWeight w : reference) {
            if (!(model.layer(w.name()) instanceof BasisNLayer layer)) {
                continue;
            }
            float[] approx = layer.denseWeight();
            if (approx.length != w.values().length) {
                throw new IllegalArgumentException("layer '" + w.name() + "' has " + approx.length
                        + " weights but the reference has " + w.values().length);
            }
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < approx.length; i++) {
                double d = (double) w.values()[i] - approx[i];
                diff += d * d;
                norm += (double) w.values()[i] * w.values()[i];
            }
            out.add(new LayerReconstruction(w.name(), Double.NaN, norm == 0 ? 0 : Math.sqrt(diff / norm)));
        }
        return out;
    }

    /** All R-row segments of a layer (zero-padded), one per segment index and output column. */
    public static List<double[]> segments(DenseWeight w, int rows) {
        int s = (w.unrolledRows() + rows - 1) / rows;
        List<double[]> out = new ArrayList<>(s * w.outputs());
        for (int f = 0; f < w.outputs(); f++) {
            for (int seg = 0; seg < s; seg++) {
                out.add(segment(w, seg, f, rows));
            }
        }
        return out;
    }

    private static double[] segment(DenseWeight w, int seg, int f, int rows) {
        double[] x = new double[rows];
        int base = f * w.unrolledRows();
        for (int i = 0; i < rows; i++) {
            int k = seg * rows + i;
            if (k < w.unrolledRows()) {
                x[i] = w.values()[base + k];
            }
        }
        return x;
    }

    /** Truncated SVD: the top-N left singular vectors of [segments] (R x count), as B (R x N). */
    public static double[][] svdBasis(List<double[]> segments, int rows, int n) {
        if (n > rows) {
            throw new IllegalArgumentException("an SVD basis has at most R = " + rows + " vectors, asked for " + n
                    + "; use k-means for N > R");
        }
        double[][] gram = new double[rows][rows];
        for (double[] x : segments) {
            for (int i = 0; i < rows; i++) {
                double xi = x[i];
                if (xi == 0) {
                    continue;
                }
                double[] gi = gram[i];
                for (int j = i; j < rows; j++) {
                    gi[j] += xi * x[j];
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < i; j++) {
                gram[i][j] = gram[j][i];
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(gram);
        double[][] b = new double[rows][n];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(eig.vectors()[i], 0, b[i], 0, n);
        }
        return b;
    }

    /** k-means (k-means++ seeding, Lloyd iterations) of the segments; the N centroids are B's columns. */
    public static double[][] kmeansBasis(List<double[]> segments, int n, long seed) {
        int count = segments.size();
        if (n > count) {
            throw new IllegalArgumentException("k-means needs at least N = " + n + " segments, the model has " + count);
        }
        int rows = segments.get(0).length;
        Random random = new Random(seed);
        double[][] centers = new double[n][];
        double[] dist = new double[count];
        centers[0] = segments.get(random.nextInt(count)).clone();
        for (int i = 0; i < count; i++) {
            dist[i] = squaredDistance(segments.get(i), centers[0]);
        }
        for (int c = 1; c < n; c++) {
            double total = 0;
            for (double d : dist) {
                total += d;
            }
            int pick;
            if (total <= 0) {
                pick = random.nextInt(count);
            } else {
                double u = random.nextDouble() * total;
                pick = count - 1;
                for (int i = 0; i < count; i++) {
                    u -= dist[i];
                    if (u <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centers[c] = segments.get(pick).clone();
            for (int i = 0; i < count; i++) {
                dist[i] = Math.min(dist[i], squaredDistance(segments.get(i), centers[c]));
            }
        }
        int[] assign = new int[count];
        java.util.Arrays.fill(assign, -1);
        for (int iter = 0; iter < KMEANS_ITERATIONS; iter++) {
            boolean changed = false;
            for (int i = 0; i < count; i++) {
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int c = 0; c < n; c++) {
                    double d = squaredDistance(segments.get(i), centers[c]);
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                dist[i] = bestD;
                if (assign[i] != best) {
                    assign[i] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            double[][] sums = new double[n][rows];
            int[] sizes = new int[n];
            for (int i = 0; i < count; i++) {
                double[] x = segments.get(i);
                double[] s = sums[assign[i]];
                for (int j = 0; j < rows; j++) {
                    s[j] += x[j];
                }
                sizes[assign[i]]++;
            }
            for (int c = 0; c < n; c++) {
                if (sizes[c] == 0) {
                    // An empty cluster restarts at the segment farthest from its centroid.
                    int far = 0;
                    for (int i = 1; i < count; i++) {
                        if (dist[i] > dist[far]) {
                            far = i;
                        }
                    }
                    centers[c] = segments.get(far).clone();
                    dist[far] = 0;
                } else {
                    for (int j = 0; j < rows; j++) {
                        centers[c][j] = sums[c][j] / sizes[c];
                    }
                }
            }
        }
        double[][] b = new double[rows][n];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < rows; j++) {
                b[j][c] = centers[c][j];
            }
        }
        return b;
    }

    /**
     * pinv of B's first {@code validRows} rows, widened to N x R with zero columns for the rest: multiplied by a
     * zero-padded segment it gives the least-squares coefficients of the real rows alone.
     */
    public static double[][] trimmedPseudoInverse(double[][] b, int validRows) {
        if (validRows == b.length) {
            return pseudoInverse(b);
        }
        double[][] p = pseudoInverse(java.util.Arrays.copyOf(b, validRows));
        double[][] wide = new double[p.length][b.length];
        for (int i = 0; i < p.length; i++) {
            System.arraycopy(p[i], 0, wide[i], 0, validRows);
        }
        return wide;
    }

    /** pinv(B) (N x R) from the eigen-decomposition of B^T B; directions with tiny eigenvalues are dropped. */
    public static double[][] pseudoInverse(double[][] b) {
        int rows = b.length;
        int n = b[0].length;
        double[][] btb = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += b[r][i] * b[r][j];
                }
                btb[i][j] = s;
                btb[j][i] = s;
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(btb);
        double max = Math.max(eig.values()[0], 0);
        double[][] inv = new double[n][n];
        for (int k = 0; k < n; k++) {
            double lambda = eig.values()[k];
            if (lambda <= max * PINV_TOLERANCE || lambda <= 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double vi = eig.vectors()[i][k] / lambda;
                for (int j = 0; j < n; j++) {
                    inv[i][j] += vi * eig.vectors()[j][k];
                }
            }
        }
        double[][] p = new double[n][rows];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += inv[i][j] * b[r][j];
                }
                p[i][r] = s;
            }
        }
        return p;
    }

    /** Copies every parameter of {@code source} that {@code target} has under the same name and shape. */
    static void copyShared(SpecBlock source, SpecBlock target) {
        Map<String, Parameter> from = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : source.getParameters()) {
            from.put(p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : target.getParameters()) {
            Parameter src = from.get(p.getKey());
            if (src == null) {
                continue;
            }
            NDArray dst = p.getValue().getArray();
            if (src.getArray().getShape().equals(dst.getShape())) {
                dst.set(new NDIndex("..."), src.getArray());
            }
        }
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    private static double[] multiply(double[][] m, double[] x) {
        double[] y = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            double[] row = m[i];
            for (int j = 0; j < x.length; j++) {
                s += row[j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    private static float[] flatten(double[][] m) {
        int cols = m[0].length;
        float[] out = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) m[i][j];
            }
        }
        return out;
    }
}
