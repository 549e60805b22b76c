package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemovalRuleTest {

    private static final FilterGroup TEN = new FilterGroup("conv1", List.of("conv1"), List.of("bn1"), 10);

    /** Filter f is important (≥ 0.5) for classes 0..f−1, and for class 9 too once 0.1·f ≥ 0.5. */
    private static ImportanceMatrix staircase() {
        double[][] m = new double[10][10];
        for (int f = 0; f < 10; f++) {
            for (int c = 0; c < f; c++) {
                m[f][c] = 1.0;
            }
            m[f][9] = Math.max(m[f][9], 0.1 * f);
        }
        return ImportanceMatrix.normalised(10, Map.of("conv1", m));
    }

    @Test
    void removesOnlyFiltersImportantForFewerThanKMinClasses() {
        Map<String, int[]> r = new RemovalRule(3, 1.0, 1).select(List.of(TEN), staircase(), 0.5);
        assertThat(r.get("conv1")).containsExactly(0, 1, 2);
    }

    @Test
    void atMostTheFractionPerIterationAndFewestClassesFirst() {
        Map<String, int[]> r = new RemovalRule(8, 0.25, 1).select(List.of(TEN), staircase(), 0.5);
        // floor(0.25 · 10) = 2 of the 7 candidates, the two with the lowest class counts.
        assertThat(r.get("conv1")).containsExactly(0, 1);
    }

    @Test
    void neverBelowMinChannels() {
        RemovalRule rule = new RemovalRule(11, 1.0, 4);
        assertThat(rule.limit(10)).isEqualTo(6);
        assertThat(rule.select(List.of(TEN), staircase(), 0.5).get("conv1")).hasSize(6);
        assertThat(new RemovalRule(11, 1.0, 10).select(List.of(TEN), staircase(), 0.5)).isEmpty();
        assertThat(new RemovalRule(1, 0.5, 1).limit(3)).isEqualTo(1);
    }

    @Test
    void noFilterQualifiesWhenAllAreImportantEnough() {
        assertThat(new RemovalRule(0, 1.0, 1).select(List.of(TEN), staircase(), 0.5)).isEmpty();
    }

    @Test
    void keptChannelsAreTheSameForEveryMemberOfACoupledGroup() {
        FilterGroup g = new FilterGroup("a", List.of("a", "b"), List.of("a.bn", "b.bn"), 4);
        Map<String, int[]> kept = RemovalRule.keptChannels(List.of(g), Map.of("a", new int[] {1, 3}));
        assertThat(kept.get("a")).containsExactly(0, 2);
        assertThat(kept.get("b")).containsExactly(0, 2);
    }

    @Test
    void impossibleRatiosAreRejected() {
        assertThatThrownBy(() -> new RemovalRule(1, 0, 1)).hasMessageContaining("maxFractionPerIteration");
        assertThatThrownBy(() -> new RemovalRule(1, 1.5, 1)).hasMessageContaining("maxFractionPerIteration");
        assertThatThrownBy(() -> new RemovalRule(1, 0.5, 0)).hasMessageContaining("minChannels");
    }
}
