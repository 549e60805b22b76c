package org.imclab.common.stats;

import java.util.Arrays;
import java.util.Random;

/**
 * The statistics every bench reports with, so all tables mean the same thing by "±" and "95 % CI": the mean,
 * the sample standard deviation (n − 1), a paired percentile-bootstrap interval for the mean difference of two
 * methods measured on the same seeds, the number of labels a learning curve needs to reach a target, and Spearman's
 * rank correlation (how far two per-sample scores order the samples alike).
 */
public final class BenchStatistics {

    /** Bootstrap resamples of a paired interval; enough that the 2.5 / 97.5 % quantiles move by < 0.1 % of the spread. */
    public static final int RESAMPLES = 10_000;

    private BenchStatistics() {
    }

    /**
     * A paired comparison: mean of a − b over the n pairs and its 95 % percentile-bootstrap interval.
     * With n = 1 the interval is the single difference (no spread can be estimated).
     */
    public record PairedDifference(int n, double meanDifference, double low, double high) {

        /** True when the interval excludes 0: the sign of the difference is resolved at this n. */
        public boolean separable() {
            return n > 1 && (low > 0 || high < 0);
        }
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** Sample standard deviation (divisor n − 1); 0 for a single value, NaN for none. */
    public static double std(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (values.length == 1) {
            return 0;
        }
        double m = mean(values);
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }

    /**
     * 95 % percentile-bootstrap interval of mean(a − b), resampling the pairs (seeds) with replacement.
     *
     * @param seed seeds the resampling, so a table is reproducible
     */
    public static PairedDifference pairedBootstrap(double[] a, double[] b, long seed) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need the same non-zero number of paired values, got " + a.length
                    + " and " + b.length);
        }
        int n = a.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
        }
        double observed = mean(d);
        if (n == 1) {
            return new PairedDifference(1, observed, observed, observed);
        }
        Random random = new Random(seed);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[random.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        return new PairedDifference(n, observed, quantile(means, 0.025), quantile(means, 0.975));
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Spearman's rank correlation of paired values: Pearson's correlation of their ranks, tied values sharing
     * the mean of their ranks. NaN when fewer than two pairs or when one side is constant (no ranking to compare).
     */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("need paired values, got " + a.length + " and " + b.length);
        }
        if (a.length < 2) {
            return Double.NaN;
        }
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = mean(ra);
        double mb = mean(rb);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < ra.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** Ranks 1..n in ascending order; a run of equal values gets the mean of the ranks it spans. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double shared = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = shared;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * The first label count at which the accuracy reaches {@code target}; null when it never does within the
     * budget (the curve's last point).
     */
    public static Integer labelsToTarget(int[] labels, double[] accuracy, double target) {
        if (labels.length != accuracy.length) {
            throw new IllegalArgumentException("labels and accuracy differ in length");
        }
        for (int i = 0; i < labels.length; i++) {
            if (accuracy[i] >= target) {
                return labels[i];
            }
        }
        return null;
    }
}
