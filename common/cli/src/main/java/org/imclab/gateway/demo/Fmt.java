package org.imclab.gateway.demo;

import java.util.Locale;

/** Number and duration formatting for the demo's output (Locale.ROOT, so "98.79%" everywhere). */
final class Fmt {

    private Fmt() {
    }

    /** 0.98791 → "98.79%"; null → "n/a". */
    static String pct(Double fraction) {
        return pct(fraction, 2);
    }

    static String pct(Double fraction, int decimals) {
        if (fraction == null || !Double.isFinite(fraction)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * fraction);
    }

    /** Ratio shown as a percentage with three significant digits: 0.1172 → "11.7%", 0.005684 → "0.568%". */
    static String ratioPct(Double ratio) {
        if (ratio == null || !Double.isFinite(ratio)) {
            return "n/a";
        }
        return sig3(100 * ratio) + "%";
    }

    /** Three significant digits without exponent for 0.001..99999, else scientific: 6.576e+05. */
    static String sig3(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String num(Double v, int decimals) {
        if (v == null || !Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Signed accuracy difference in percentage points: (0.9870 − 0.9893) → "-0.23 pts". */
    static String points(Double a, Double b) {
        if (a == null || b == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.2f pts", 100 * (a - b));
    }

    /** Seconds as "42s", "5m02s", "1h03m". */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** Cuts a line to at most {@code width} characters, marking the cut with "...". */
    static String truncate(String line, int width) {
        if (line == null) {
            return "";
        }
        if (width < 1 || line.length() <= width) {
            return line;
        }
        return width <= 3 ? line.substring(0, width) : line.substring(0, width - 3) + "...";
    }
}
