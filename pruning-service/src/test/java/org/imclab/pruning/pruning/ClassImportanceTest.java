package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.junit.jupiter.api.Test;

class ClassImportanceTest {

    private static double loss(SpecBlock block, NDArray x, NDArray y, NDManager m) {
        NDArray logits = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        return new SoftmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)).getFloat();
    }

    @Test
    void matrixIsFiltersByClassesNormalisedPerLayer() {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages data = PruningFixtures.normalized(PruningFixtures.quadrants(6, 1, 12, 1));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 5);
            List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
            assertThat(groups).extracting(FilterGroup::name).containsExactly("conv1", "conv2");
            assertThat(groups).extracting(FilterGroup::carriers).containsExactly(List.of("bn1"), List.of("bn2"));
            ImportanceMatrix matrix = ClassImportance.compute(block, groups, data, 5, 3, m);
            assertThat(matrix.columns()).isEqualTo(PruningFixtures.CLASSES);
            for (FilterGroup g : groups) {
                double[][] i = matrix.of(g.name());
                assertThat(i).hasNumberOfRows(g.channels());
                double max = 0;
                for (double[] row : i) {
                    assertThat(row).hasSize(PruningFixtures.CLASSES);
                    for (double v : row) {
                        assertThat(v).isBetween(0.0, 1.0);
                        max = Math.max(max, v);
                    }
                }
                assertThat(max).isEqualTo(1.0);
            }
            int[] n = FilterClassCount.of(matrix.of("conv2"), 0.0);
            assertThat(n).containsOnly(PruningFixtures.CLASSES);
            assertThat(FilterClassCount.of(matrix.of("conv2"), 1.0)).containsOnly(0, 1);
        }
    }

    @Test
    void deadFilterHasZeroImportanceAndCountsForNoClass() {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages data = PruningFixtures.normalized(PruningFixtures.quadrants(6, 1, 12, 2));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 9);
            List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
            PruningFixtures.zeroChannels(block, groups, Map.of("conv2", new int[] {3}));
            ImportanceMatrix matrix = ClassImportance.compute(block, groups, data, 6, 1, m);
            assertThat(matrix.of("conv2")[3]).containsOnly(0.0);
            assertThat(FilterClassCount.of(matrix.of("conv2"), 1e-9)[3]).isZero();
        }
    }

    /**
     * The gate gradient is Σ_spatial a·∂L/∂a: scaling the post-BN channel by (1+ε) (gamma and beta of that
     * channel times 1+ε) must change the summed loss by ε times it, checked by central differences.
     */
    @Test
    void gateGradientEqualsFiniteDifferenceOfScalingTheChannel() {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages data = PruningFixtures.normalized(PruningFixtures.quadrants(2, 1, 12, 4));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 13);
            List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
            int[] one = {1};
            NDArray x = data.batch(m, one);
            NDArray y = data.labels(m, one);
            Map<String, float[][]> grads = ChannelGatePass.run(block, m, x, y, groups, true);
            int f = 6;
            double analytic = grads.get("bn2")[0][f];
            double eps = 1e-2;
            NDArray gamma = block.layer("bn2").getParameters().get("gamma").getArray();
            NDArray beta = block.layer("bn2").getParameters().get("beta").getArray();
            float[] g0 = gamma.toFloatArray();
            float[] b0 = beta.toFloatArray();
            double[] l = new double[2];
            for (int s = 0; s < 2; s++) {
                float scale = (float) (1 + (s == 0 ? eps : -eps));
                float[] g = g0.clone();
                float[] b = b0.clone();
                g[f] *= scale;
                b[f] *= scale;
                gamma.set(FloatBuffer.wrap(g));
                beta.set(FloatBuffer.wrap(b));
                l[s] = loss(block, x, y, m);
            }
            double numeric = (l[0] - l[1]) / (2 * eps);
            assertThat(Math.abs(analytic)).isGreaterThan(1e-5);
            assertThat(analytic).isCloseTo(numeric, within(1e-3 + 1e-2 * Math.abs(numeric)));
        }
    }

    @Test
    void baselineScoresAreNormalisedColumns() {
        ModelSpec spec = PruningFixtures.resnet20();
        NormalizedImages data = PruningFixtures.normalized(PruningFixtures.quadrants(4, 3, 8, 5));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 2);
            List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
            for (ImportanceMatrix s : List.of(FilterScores.l1Norm(block, groups), FilterScores.random(groups, 1),
                    FilterScores.taylor(block, groups, data, 2, 8, 1, m))) {
                assertThat(s.columns()).isEqualTo(1);
                assertThat(s.values()).hasSize(groups.size());
                for (FilterGroup g : groups) {
                    assertThat(s.of(g.name())).hasNumberOfRows(g.channels());
                    assertThat(java.util.Arrays.stream(s.rowMeans(g.name())).max().orElseThrow()).isEqualTo(1.0);
                }
            }
        }
    }
}
