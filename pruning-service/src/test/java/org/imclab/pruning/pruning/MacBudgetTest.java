package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.nn.SpecBlock;
import org.junit.jupiter.api.Test;

/** Every criterion can be driven to the same MAC target under the same per-layer limits. */
class MacBudgetTest {

    @Test
    void everyCriterionReachesTheMatchedMacTarget() {
        ModelSpec spec = PruningFixtures.resnet20();
        NormalizedImages data = PruningFixtures.normalized(PruningFixtures.quadrants(4, 3, 8, 3));
        long original = SpecAnalysis.analyze(spec).totalMacs();
        long target = Math.round(0.6 * original);
        RemovalRule limits = new RemovalRule(1, 0.75, 2);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 4);
            List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
            ImportanceMatrix classes = ClassImportance.compute(block, groups, data, 4, 1, m);
            Map<PruningCriterion, Map<String, double[]>> orders = new LinkedHashMap<>();
            orders.put(PruningCriterion.CLASS_AWARE, MacBudget.classAwareOrder(groups, classes, 0.3));
            orders.put(PruningCriterion.L1_NORM, means(FilterScores.l1Norm(block, groups), groups));
            orders.put(PruningCriterion.RANDOM, means(FilterScores.random(groups, 5), groups));
            orders.put(PruningCriterion.TAYLOR, means(FilterScores.taylor(block, groups, data, 2, 8, 1, m), groups));
            long largestFilter = 0;
            for (FilterGroup g : groups) {
                largestFilter = Math.max(largestFilter, original - MacBudget.macsAfter(spec, groups, Map.of(g.name(), 1)));
            }
            for (var e : orders.entrySet()) {
                Map<String, int[]> removed = MacBudget.select(spec, groups, e.getValue(), limits, target);
                for (FilterGroup g : groups) {
                    int r = removed.getOrDefault(g.name(), new int[0]).length;
                    assertThat(r).as(e.getKey() + " " + g.name()).isLessThanOrEqualTo(limits.limit(g.channels()));
                }
                PrunedModel pruned = StructuredSurgery.apply(block, RemovalRule.keptChannels(groups, removed), m);
                long macs = SpecAnalysis.analyze(pruned.spec()).totalMacs();
                assertThat(macs).as(e.getKey().name()).isLessThanOrEqualTo(target);
                // Stops at the first filter that crosses the target: the overshoot is less than one filter's MACs.
                assertThat(target - macs).as(e.getKey().name()).isLessThan(largestFilter);
            }
        }
    }

    /**
     * Per-layer ranking (Torch-Pruning's default): both groups of the small VGG (8 and 16 filters) lose the same
     * share, each its own lowest-scored filters, whereas global ranking takes the globally lowest scores.
     */
    @Test
    void perLayerRankingCutsEveryLayerByTheSameFraction() {
        ModelSpec spec = PruningFixtures.smallVgg();
        List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
        long original = SpecAnalysis.analyze(spec).totalMacs();
        Map<String, double[]> scores = new LinkedHashMap<>();
        // conv1's filters all score below conv2's: a global ranking would strip conv1 first.
        scores.put("conv1", new double[] {0.08, 0.01, 0.07, 0.02, 0.06, 0.03, 0.05, 0.04});
        double[] conv2 = new double[16];
        for (int f = 0; f < 16; f++) {
            conv2[f] = 1 - f / 100.0;
        }
        scores.put("conv2", conv2);
        RemovalRule limits = new RemovalRule(1, 0.5, 2);
        long target = Math.round(0.7 * original);
        Map<String, int[]> perLayer = MacBudget.selectPerLayer(spec, groups, scores, limits, target);
        assertThat(perLayer.get("conv1")).containsExactly(1, 3);
        assertThat(perLayer.get("conv2")).containsExactly(12, 13, 14, 15);
        assertThat(MacBudget.macsAfter(spec, groups, Map.of("conv1", 2, "conv2", 4))).isLessThanOrEqualTo(target);
        // One step less (1 and 3 filters) would not have reached the target.
        assertThat(MacBudget.macsAfter(spec, groups, Map.of("conv1", 1, "conv2", 3))).isGreaterThan(target);
        Map<String, int[]> global = MacBudget.select(spec, groups, scores, limits, target);
        assertThat(global.get("conv1")).hasSizeGreaterThan(perLayer.get("conv1").length);
        assertThat(global).doesNotContainKey("conv2");
    }

    @Test
    void minimumMacsBoundsWhatATargetCanReach() {
        ModelSpec spec = PruningFixtures.smallVgg();
        List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
        long original = SpecAnalysis.analyze(spec).totalMacs();
        long floor = MacBudget.minimumMacs(spec, groups, 2);
        assertThat(floor).isLessThan(original / 10);
        Map<String, double[]> flat = new LinkedHashMap<>();
        groups.forEach(g -> flat.put(g.name(), new double[g.channels()]));
        Map<String, int[]> all = MacBudget.select(spec, groups, flat, new RemovalRule(1, 1.0, 2), 0);
        assertThat(MacBudget.macsAfter(spec, groups, Map.of("conv1", all.get("conv1").length, "conv2",
                all.get("conv2").length))).isEqualTo(floor);
    }

    private static Map<String, double[]> means(ImportanceMatrix m, List<FilterGroup> groups) {
        Map<String, double[]> out = new LinkedHashMap<>();
        groups.forEach(g -> out.put(g.name(), m.rowMeans(g.name())));
        return out;
    }
}
