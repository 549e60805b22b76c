package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.nn.SpecBlock;
import org.junit.jupiter.api.Test;

/** The pruned model computes exactly what the original computes with the removed channels zeroed. */
class StructuredSurgeryTest {

    private static NDArray forward(SpecBlock block, NDArray x, NDManager m) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    /** Removes a random ~40% (at least one, never all) of every group's filters. */
    private static Map<String, int[]> randomRemoval(List<FilterGroup> groups, long seed) {
        Random r = new Random(seed);
        Map<String, int[]> removed = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            int k = Math.max(1, (int) (0.4 * g.channels()));
            removed.put(g.name(), ClassImportance.sample(java.util.stream.IntStream.range(0, g.channels()).toArray(), k, r));
            java.util.Arrays.sort(removed.get(g.name()));
        }
        return removed;
    }

    private static void assertEquivalent(ModelSpec spec, ResidualMode mode, int expectCoupled) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock original = PruningFixtures.randomBlock(spec, m, 7);
            List<FilterGroup> groups = FilterGroups.of(spec, mode);
            assertThat(groups.stream().filter(FilterGroup::coupled).count()).isEqualTo(expectCoupled);
            Map<String, int[]> removed = randomRemoval(groups, 11);
            PrunedModel pruned = StructuredSurgery.apply(original, RemovalRule.keptChannels(groups, removed), m);

            int[] in = spec.input();
            NDArray x = m.randomNormal(new Shape(5, in[0], in[1], in[2]));
            PruningFixtures.zeroChannels(original, groups, removed);
            NDArray expected = forward(original, x, m);
            NDArray actual = forward(pruned.block(), x, m);
            assertThat(actual.getShape()).isEqualTo(expected.getShape());
            assertThat(expected.abs().max().getFloat()).isGreaterThan(1e-3f);
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);

            var before = SpecAnalysis.analyze(spec);
            var after = SpecAnalysis.analyze(pruned.spec());
            assertThat(after.totalParams()).isLessThan(before.totalParams());
            assertThat(after.totalMacs()).isLessThan(before.totalMacs());
            long weights = 0;
            for (var p : pruned.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    weights += p.getValue().getArray().size();
                }
            }
            assertThat(weights).isEqualTo(after.totalParams());
        }
    }

    @Test
    void smallVggWithBatchnormMatchesZeroedOriginal() {
        assertEquivalent(PruningFixtures.smallVgg(), ResidualMode.COUPLED, 0);
    }

    @Test
    void resnet20CoupledChannelsMatchZeroedOriginal() {
        // Three coupled groups: one per stage (stem or shortcut conv with every block's second conv).
        assertEquivalent(PruningFixtures.resnet20(), ResidualMode.COUPLED, 3);
    }

    @Test
    void resnet20InnerConvsOnlyMatchZeroedOriginal() {
        assertEquivalent(PruningFixtures.resnet20(), ResidualMode.INNER_ONLY, 0);
    }

    @Test
    void linearAfterFlattenLosesEachChannelsRunOfColumns() {
        ModelSpec spec = PruningFixtures.smallVgg();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock original = PruningFixtures.randomBlock(spec, m, 3);
            PrunedModel pruned = StructuredSurgery.apply(original, Map.of("conv2", new int[] {0, 5, 15}), m);
            // conv2 feeds pool2 (3×3) → flatten → fc: 3 channels × 9 features.
            assertThat(pruned.block().layer("fc").getParameters().get("weight").getArray().getShape())
                    .isEqualTo(new Shape(PruningFixtures.CLASSES, 27));
            float[] before = original.layer("fc").getParameters().get("weight").getArray().toFloatArray();
            float[] after = pruned.block().layer("fc").getParameters().get("weight").getArray().toFloatArray();
            // Row 0, kept channel 5 → old columns 45..53 become new columns 9..17.
            for (int j = 0; j < 9; j++) {
                assertThat(after[9 + j]).isEqualTo(before[45 + j]);
            }
            assertThat(pruned.block().layer("bn2").getParameters().get("runningVar").getArray().getShape())
                    .isEqualTo(new Shape(3));
        }
    }

    @Test
    void rejectsUnequalCoupledChannelsAndEmptyLayers() {
        ModelSpec spec = PruningFixtures.resnet20();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 1);
            assertThatThrownBy(() -> StructuredSurgery.apply(block, Map.of("s1b1.conv2", new int[] {0, 1}), m))
                    .hasMessageContaining("coupled");
            assertThatThrownBy(() -> StructuredSurgery.apply(block, Map.of("s1b1.conv1", new int[0]), m))
                    .hasMessageContaining("at least one");
        }
    }
}
