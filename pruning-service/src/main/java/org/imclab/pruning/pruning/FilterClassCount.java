package org.imclab.pruning.pruning;

import java.util.LinkedHashMap;
import java.util.Map;

/** n_f = #{c : I[f, c] ≥ τ}: for how many classes a filter is important (docs/science/class-aware-pruning.md §3, step 2). */
public final class FilterClassCount {

    private FilterClassCount() {
    }

    public static int[] of(double[][] importance, double tau) {
        int[] n = new int[importance.length];
        for (int f = 0; f < importance.length; f++) {
            for (double v : importance[f]) {
                if (v >= tau) {
                    n[f]++;
                }
            }
        }
        return n;
    }

    /** Class counts of every group of a class-aware matrix. */
    public static Map<String, int[]> of(ImportanceMatrix matrix, double tau) {
        Map<String, int[]> out = new LinkedHashMap<>();
        matrix.values().forEach((group, m) -> out.put(group, of(m, tau)));
        return out;
    }
}
