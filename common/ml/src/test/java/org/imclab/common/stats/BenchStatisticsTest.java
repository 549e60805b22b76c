package org.imclab.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BenchStatisticsTest {

    @Test
    void meanAndSampleStandardDeviationOfKnownValues() {
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat(BenchStatistics.mean(v)).isEqualTo(5.0);
        // Σ(v − 5)² = 32, n − 1 = 7.
        assertThat(BenchStatistics.std(v)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(BenchStatistics.std(new double[] {3})).isZero();
        assertThat(BenchStatistics.mean(new double[0])).isNaN();
    }

    @Test
    void pairedBootstrapOfAConstantDifferenceIsThatDifference() {
        BenchStatistics.PairedDifference d = BenchStatistics.pairedBootstrap(new double[] {0.91, 0.95, 0.97, 0.90, 0.99},
                new double[] {0.89, 0.93, 0.95, 0.88, 0.97}, 1);
        assertThat(d.n()).isEqualTo(5);
        assertThat(d.meanDifference()).isCloseTo(0.02, within(1e-12));
        assertThat(d.low()).isCloseTo(0.02, within(1e-12));
        assertThat(d.high()).isCloseTo(0.02, within(1e-12));
        assertThat(d.separable()).isTrue();
    }

    /**
     * Differences {−1, 0, 1, 2, 3}: mean 1. Resampled means lie in [−1, 3] in steps of 0.2; the 95 % interval
     * must contain 1, sit strictly inside the range and, by symmetry of the differences about 1, be symmetric to
     * within the bootstrap's noise. The interval includes 0, so the pair is not separable at n = 5.
     */
    @Test
    void pairedBootstrapIntervalOfSpreadDifferences() {
        double[] a = {0, 1, 2, 3, 4};
        double[] b = {1, 1, 1, 1, 1};
        BenchStatistics.PairedDifference d = BenchStatistics.pairedBootstrap(a, b, 7);
        assertThat(d.meanDifference()).isEqualTo(1.0);
        assertThat(d.low()).isBetween(-0.4, 0.2);
        assertThat(d.high()).isBetween(1.8, 2.4);
        assertThat((d.high() - 1) - (1 - d.low())).isCloseTo(0, within(0.21));
        assertThat(d.separable()).isFalse();
        assertThat(BenchStatistics.pairedBootstrap(a, b, 7)).isEqualTo(d);
        assertThat(BenchStatistics.pairedBootstrap(new double[] {1}, new double[] {0}, 1).separable()).isFalse();
        assertThatThrownBy(() -> BenchStatistics.pairedBootstrap(a, new double[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsToTargetIsTheFirstLabelCountReachingIt() {
        int[] labels = {20, 40, 60, 80};
        double[] acc = {0.80, 0.94, 0.95, 0.97};
        assertThat(BenchStatistics.labelsToTarget(labels, acc, 0.95)).isEqualTo(60);
        assertThat(BenchStatistics.labelsToTarget(labels, acc, 0.80)).isEqualTo(20);
        assertThat(BenchStatistics.labelsToTarget(labels, acc, 0.99)).isNull();
    }

    @Test
    void spearmanOfKnownRankings() {
        // Any increasing map of a gives ρ = 1, any decreasing one ρ = −1: only the order counts.
        double[] a = {1, 2, 3, 4, 5};
        assertThat(BenchStatistics.spearman(a, new double[] {10, 20, 30, 400, 5000})).isCloseTo(1, within(1e-12));
        assertThat(BenchStatistics.spearman(a, new double[] {5, 4, 3, 2, 1})).isCloseTo(-1, within(1e-12));
        // No ties: ρ = 1 − 6Σd²/(n(n²−1)); ranks of b are {2, 1, 4, 3, 5}, Σd² = 4, so ρ = 1 − 24/120 = 0.8.
        assertThat(BenchStatistics.spearman(a, new double[] {2, 1, 4, 3, 5})).isCloseTo(0.8, within(1e-12));
        // Ties share the mean rank: b = {1, 1, 2} ranks {1.5, 1.5, 3}; against a's {1, 2, 3} Pearson gives
        // Σ(ra−2)(rb−2) = 1.5, Σ(ra−2)² = 2, Σ(rb−2)² = 1.5, ρ = 1.5/√3 = √3/2.
        assertThat(BenchStatistics.spearman(new double[] {1, 2, 3}, new double[] {1, 1, 2}))
                .isCloseTo(Math.sqrt(3) / 2, within(1e-12));
        // A constant side has no ranking: NaN, as for a single pair.
        assertThat(BenchStatistics.spearman(a, new double[] {7, 7, 7, 7, 7})).isNaN();
        assertThat(BenchStatistics.spearman(new double[] {1}, new double[] {2})).isNaN();
        assertThatThrownBy(() -> BenchStatistics.spearman(a, new double[] {1})).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void quantileInterpolatesLinearly() {
        assertThat(BenchStatistics.quantile(new double[] {0, 10}, 0.25)).isEqualTo(2.5);
        assertThat(BenchStatistics.quantile(new double[] {1, 2, 3}, 0.5)).isEqualTo(2.0);
    }
}
