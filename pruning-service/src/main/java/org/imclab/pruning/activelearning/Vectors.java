package org.imclab.pruning.activelearning;

/** Small dense-vector arithmetic on float rows, accumulated in double. */
final class Vectors {

    private Vectors() {
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float a : v) {
            s += (double) a * a;
        }
        return Math.sqrt(s);
    }

    /** Euclidean distance between two rows. */
    static double distance(float[] a, float[] b) {
        return Math.sqrt(squaredDistance(a, b));
    }

    /** Clamps {@code x} into the L∞ ball of radius eps around {@code origin} and into [0, 1]. */
    static void clip(float[] x, float[] origin, double eps) {
        for (int j = 0; j < x.length; j++) {
            double lo = Math.max(0, origin[j] - eps);
            double hi = Math.min(1, origin[j] + eps);
            x[j] = (float) Math.max(lo, Math.min(hi, x[j]));
        }
    }
}
