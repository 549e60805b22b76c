package org.imclab.pruning.pruning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which filters leave in one iteration (docs/science/class-aware-pruning.md §3, step 3): those with n_f &lt; kMin, at most
 * {@code maxFractionPerIteration} of a layer (rounded down), never leaving fewer than {@code minChannels};
 * when more qualify than the limit allows, the ones important for the fewest classes go first, then the
 * least important on average.
 *
 * @param kMin                    a filter must be important for at least this many classes to stay
 * @param maxFractionPerIteration in (0, 1]
 * @param minChannels             at least 1
 */
public record RemovalRule(int kMin, double maxFractionPerIteration, int minChannels) {

    public RemovalRule {
        if (kMin < 0) {
            throw new IllegalArgumentException("kMin must be >= 0");
        }
        if (!(maxFractionPerIteration > 0 && maxFractionPerIteration <= 1)) {
            throw new IllegalArgumentException("maxFractionPerIteration must be in (0, 1]");
        }
        if (minChannels < 1) {
            throw new IllegalArgumentException("minChannels must be >= 1");
        }
    }

    /** How many of a layer's {@code channels} filters may leave in one iteration. */
    public int limit(int channels) {
        int byFraction = (int) Math.floor(maxFractionPerIteration * channels + 1e-9);
        return Math.max(0, Math.min(byFraction, channels - minChannels));
    }

    /** The class-aware selection: group name → removed filter indices (ascending); groups losing none are absent. */
    public Map<String, int[]> select(List<FilterGroup> groups, ImportanceMatrix classImportance, double tau) {
        return select(groups, classCounts(groups, classImportance, tau), means(groups, classImportance));
    }

    /**
     * The selection from class counts given directly (integers for {@code CLASS_AWARE}, the released code's
     * fractional scores for {@code CLASS_AWARE_BINARY}); {@code tieBreak} orders filters of equal count.
     */
    public Map<String, int[]> select(List<FilterGroup> groups, Map<String, double[]> classCounts,
            Map<String, double[]> tieBreak) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            double[] counts = classCounts.get(g.name());
            double[] mean = tieBreak.get(g.name());
            List<Integer> candidates = new ArrayList<>(IntStream.range(0, g.channels()).filter(f -> counts[f] < kMin)
                    .boxed().toList());
            candidates.sort(Comparator.<Integer>comparingDouble(f -> counts[f]).thenComparingDouble(f -> mean[f])
                    .thenComparingInt(f -> f));
            int take = Math.min(limit(g.channels()), candidates.size());
            if (take > 0) {
                out.put(g.name(), candidates.subList(0, take).stream().mapToInt(Integer::intValue).sorted().toArray());
            }
        }
        return out;
    }

    /** n_f of every group as doubles, from a class-aware matrix and τ. */
    static Map<String, double[]> classCounts(List<FilterGroup> groups, ImportanceMatrix classImportance, double tau) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            out.put(g.name(), java.util.Arrays.stream(FilterClassCount.of(classImportance.of(g.name()), tau))
                    .asDoubleStream().toArray());
        }
        return out;
    }

    /** Row means of every group of a matrix (the tie-break between equal class counts). */
    static Map<String, double[]> means(List<FilterGroup> groups, ImportanceMatrix m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            out.put(g.name(), m.rowMeans(g.name()));
        }
        return out;
    }

    /** For each conv of the removed groups, the channels it keeps (what {@link StructuredSurgery} takes). */
    public static Map<String, int[]> keptChannels(List<FilterGroup> groups, Map<String, int[]> removed) {
        Map<String, int[]> kept = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            int[] r = removed.get(g.name());
            if (r == null || r.length == 0) {
                continue;
            }
            java.util.Set<Integer> gone = new java.util.HashSet<>();
            for (int f : r) {
                gone.add(f);
            }
            int[] keep = IntStream.range(0, g.channels()).filter(f -> !gone.contains(f)).toArray();
            for (String conv : g.convs()) {
                kept.put(conv, keep);
            }
        }
        return kept;
    }
}
