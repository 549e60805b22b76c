package org.imclab.common.nn.basisn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.junit.jupiter.api.Test;

class BasisConversionTest {

    @Test
    void jacobiEigenDecompositionReproducesTheMatrix() {
        Random r = new Random(3);
        int n = 20;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int k = 1; k < n; k++) {
            assertThat(e.values()[k]).isLessThanOrEqualTo(e.values()[k - 1]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    sum += e.vectors()[i][k] * e.values()[k] * e.vectors()[j][k];
                    dot += e.vectors()[k][i] * e.vectors()[k][j];
                }
                assertThat(sum).isCloseTo(a[i][j], org.assertj.core.data.Offset.offset(1e-9));
                assertThat(dot).isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void pseudoInverseSolvesLeastSquaresForATallBasis() {
        Random r = new Random(5);
        double[][] b = new double[12][5];
        for (double[] row : b) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] p = BasisConversion.pseudoInverse(b);
        // pinv(B) * B = I for full column rank.
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double s = 0;
                for (int k = 0; k < 12; k++) {
                    s += p[i][k] * b[k][j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    /**
     * conv2 of LeNet-5 unrolls to K = 150 rows: four full 32-row segments and a last one with 22 real rows and
     * 10 padding rows that the layer trims. Each segment's coefficients must be the least-squares optimum of its
     * real rows, solved here independently (normal equations, Gaussian elimination) on the stored basis.
     */
    @Test
    void paddedSegmentsAreFittedOnTheirRealRowsOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock source = standardLenet(m);
            int r = 32;
            int n = 8;
            ConversionResult result = BasisConversion.convert(source, new BasisConfig(r, n, 16, 1), BasisInit.SVD, 1,
                    BasisQuantization.NONE, m);
            float[] flat = result.model().sharedParameter(BasisNBlockFactory.BASIS).getArray().toFloatArray();
            double[][] b = new double[r][n];
            for (int i = 0; i < r; i++) {
                for (int k = 0; k < n; k++) {
                    b[i][k] = flat[i * n + k];
                }
            }
            BasisConversion.DenseWeight w = BasisConversion.denseWeights(source).get(1);
            assertThat(w.name()).isEqualTo("conv2");
            assertThat(w.unrolledRows()).isEqualTo(150);
            BasisNLayer layer = (BasisNLayer) result.model().layer("conv2");
            float[] c = layer.coefficients().getArray().toFloatArray();
            int lastSeg = 4;
            int valid = 150 - lastSeg * r;
            double optimalResidual = 0;
            double paddedFitResidual = 0;
            double energy = 0;
            double[][] fullPinv = BasisConversion.pseudoInverse(b);
            for (int f = 0; f < w.outputs(); f++) {
                double[] x = new double[valid];
                for (int i = 0; i < valid; i++) {
                    x[i] = w.values()[f * 150 + lastSeg * r + i];
                    energy += x[i] * x[i];
                }
                double[] expected = normalEquations(b, valid, x);
                double[] actual = new double[n];
                for (int k = 0; k < n; k++) {
                    actual[k] = c[(lastSeg * n + k) * w.outputs() + f];
                    assertThat(actual[k]).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(
                            1e-3 * (1 + Math.abs(expected[k]))));
                }
                double[] padded = new double[r];
                System.arraycopy(x, 0, padded, 0, valid);
                double[] old = new double[n];
                for (int k = 0; k < n; k++) {
                    for (int i = 0; i < r; i++) {
                        old[k] += fullPinv[k][i] * padded[i];
                    }
                }
                optimalResidual += residual(b, valid, x, expected);
                paddedFitResidual += residual(b, valid, x, old);
            }
            // The old fit (pinv of the whole padded B) is measurably worse on the rows the layer keeps.
            assertThat(paddedFitResidual).isGreaterThan(optimalResidual * 1.01);
            assertThat(optimalResidual / energy).isLessThan(1.0);
        }
    }

    /** Solves min ||B[0:rows] c - x|| through (B^T B) c = B^T x by Gaussian elimination with partial pivoting. */
    private static double[] normalEquations(double[][] b, int rows, double[] x) {
        int n = b[0].length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < rows; k++) {
                    a[i][j] += b[k][i] * b[k][j];
                }
            }
            for (int k = 0; k < rows; k++) {
                a[i][n] += b[k][i] * x[k];
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) {
                    pivot = i;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int i = 0; i < n; i++) {
                if (i != col) {
                    double factor = a[i][col] / a[col][col];
                    for (int j = col; j <= n; j++) {
                        a[i][j] -= factor * a[col][j];
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[i][n] / a[i][i];
        }
        return out;
    }

    private static double residual(double[][] b, int rows, double[] x, double[] c) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
            double y = 0;
            for (int k = 0; k < c.length; k++) {
                y += b[i][k] * c[k];
            }
            s += (x[i] - y) * (x[i] - y);
        }
        return s;
    }

    private static SpecBlock standardLenet(NDManager m) {
        Engine.getInstance().setRandomSeed(11);
        SpecBlock source = new DjlModelBuilder().build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
        source.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        return source;
    }

    @Test
    void anSvdBasisOfFullRankReproducesTheWeightsAndSmallerBasesDegradeGracefully() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock source = standardLenet(m);
            ConversionResult exact = BasisConversion.convert(source, new BasisConfig(32, 32, 16, 1), BasisInit.SVD, 1,
                    BasisQuantization.NONE, m);
            assertThat(exact.capturedEnergy()).isGreaterThan(1 - 1e-9);
            assertThat(exact.layers()).hasSize(5).allSatisfy(l -> {
                assertThat(l.floatError()).isLessThan(1e-5);
                assertThat(l.quantizedError()).isLessThan(1e-3);
            });
            NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
            NDArray expected = source.forward(new ParameterStore(m, false), new NDList(x), false).head();
            NDArray actual = exact.model().forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-3f);

            double previous = 0;
            for (int n : new int[] {24, 16, 8}) {
                ConversionResult r = BasisConversion.convert(source, new BasisConfig(32, n, 16, 1), BasisInit.SVD, 1,
                        BasisQuantization.NONE, m);
                double error = r.meanQuantizedError();
                assertThat(error).isGreaterThan(previous).isLessThan(1.0);
                previous = error;
            }
        }
    }

    @Test
    void kmeansBasesWorkAndTheirSizeIsCheckedAgainstTheSegments() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock source = standardLenet(m);
            ConversionResult r = BasisConversion.convert(source, new BasisConfig(32, 32, 8, 2), BasisInit.KMEANS, 3,
                    BasisQuantization.NONE, m);
            assertThat(r.layers()).allSatisfy(l -> assertThat(l.quantizedError()).isBetween(0.0, 1.0));
            assertThat(r.capturedEnergy()).isBetween(0.0, 1.0);
            List<double[]> few = new ArrayList<>(List.of(new double[] {1, 0}, new double[] {0, 1}));
            assertThatThrownBy(() -> BasisConversion.kmeansBasis(few, 3, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> BasisConversion.convert(source, new BasisConfig(8, 16, 8, 1), BasisInit.SVD, 1,
                    BasisQuantization.NONE, m)).hasMessageContaining("at most R = 8");
        }
    }

    @Test
    void usageCountsNonzeroCoefficientsAndGroupsPerLayer() {
        ModelSpec spec = BasisNSpec.of(ModelZoo.mlp(new int[] {6}, new int[] {4}, 3), new BasisConfig(4, 8, 4, 4));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(spec);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 6));
            String first = spec.layers().stream().filter(l -> l.basis() != null).findFirst().orElseThrow().name();
            BasisNLayer l = (BasisNLayer) model.layer(first);
            // S=2, N=8, M=4: only column 5 (group 2) of segment 1 is nonzero, for outputs 0 and 3.
            float[] c = new float[2 * 8 * 4];
            c[(8 + 5) * 4] = 1f;
            c[(8 + 5) * 4 + 3] = -0.5f;
            l.coefficients().getArray().set(c);
            l.calibrateScale();
            LayerUsage u = BasisNUsageReport.usage(first, "linear", l);
            assertThat(u.nonzeroCoefficients()).isEqualTo(2);
            assertThat(u.groupsUsed()).isEqualTo(1);
            assertThat(u.usedGroups()).containsExactly(false, false, true, false);
            assertThat(u.segments()).isEqualTo(2);
            assertThat(u.coefficients()).isEqualTo(64);
            BasisNUsageReport report = BasisNUsageReport.of(model);
            assertThat(report.layers()).hasSize(2);
            @SuppressWarnings("unchecked")
            var perLayer = (java.util.Map<String, java.util.Map<String, Object>>) report.metadata().get("perLayer");
            assertThat(perLayer.get(first)).containsEntry("groupsUsed", 1).containsEntry("nonzeroCoefficients", 2L);
            assertThat(report.metadata()).containsEntry("basisSize", 8).containsEntry("coeffBits", 4)
                    .containsEntry("rows", 4).containsEntry("groups", 4);
        }
    }

    @Test
    void crossbarGroupsSplitTheColumnsContiguously() {
        CrossbarGroups g = new CrossbarGroups(10, 3);
        assertThat(List.of(g.start(0), g.end(0), g.start(1), g.end(1), g.start(2), g.end(2)))
                .containsExactly(0, 3, 3, 6, 6, 10);
        assertThat(g.groupOf(9)).isEqualTo(2);
        // isaac-puma: 8-bit values in 2-bit cells, offset sign: 4 cells per value, 32 basis columns per crossbar.
        int cells = CrossbarGroups.cellsPerValue(8, 2, false);
        assertThat(cells).isEqualTo(4);
        assertThat(CrossbarGroups.columnsPerCrossbar(cells, 128)).isEqualTo(32);
        assertThat(CrossbarGroups.basisCrossbars(128, cells, 128)).isEqualTo(4);
        assertThat(CrossbarGroups.basisCrossbars(100, CrossbarGroups.cellsPerValue(8, 2, true), 128)).isEqualTo(7);
    }
}
