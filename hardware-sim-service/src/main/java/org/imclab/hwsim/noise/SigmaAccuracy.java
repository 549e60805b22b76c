package org.imclab.hwsim.noise;

/**
 * The Monte-Carlo accuracy distribution at one σ.
 *
 * @param sigma      device variation σ
 * @param mean       mean accuracy over chips
 * @param std        sample standard deviation over chips (0 for one chip)
 * @param ci95Low    mean − 1.96·std/√chips (normal interval of the mean)
 * @param ci95High   mean + 1.96·std/√chips
 * @param p2_5       empirical 2.5th percentile of the chip accuracies (linear interpolation)
 * @param p97_5      empirical 97.5th percentile
 * @param min        worst chip
 * @param max        best chip
 * @param accuracies accuracy of each chip, in chip order
 */
public record SigmaAccuracy(double sigma, double mean, double std, double ci95Low, double ci95High, double p2_5,
        double p97_5, double min, double max, double[] accuracies) {

    static SigmaAccuracy of(double sigma, double[] acc) {
        int n = acc.length;
        double mean = 0;
        for (double a : acc) {
            mean += a;
        }
        mean /= n;
        double ss = 0;
        for (double a : acc) {
            ss += (a - mean) * (a - mean);
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double half = 1.96 * std / Math.sqrt(n);
        double[] sorted = acc.clone();
        java.util.Arrays.sort(sorted);
        return new SigmaAccuracy(sigma, mean, std, mean - half, mean + half, percentile(sorted, 0.025),
                percentile(sorted, 0.975), sorted[0], sorted[n - 1], acc.clone());
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
