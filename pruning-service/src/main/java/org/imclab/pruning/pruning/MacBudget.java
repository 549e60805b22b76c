package org.imclab.pruning.pruning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecAnalysis;

/**
 * Removal towards a MAC target (how baselines are matched in FLOPs): filters leave in ascending order of
 * score, across all groups, under the same per-layer limits as the class-aware rule, until the model's MACs
 * reach the target or no filter may leave this iteration.
 */
public final class MacBudget {

    private MacBudget() {
    }

    /** MACs of the spec after the given removals. */
    public static long macsAfter(ModelSpec spec, List<FilterGroup> groups, Map<String, Integer> removedCounts) {
        Map<String, Integer> width = new HashMap<>();
        for (FilterGroup g : groups) {
            int r = removedCounts.getOrDefault(g.name(), 0);
            for (String conv : g.convs()) {
                width.put(conv, g.channels() - r);
            }
        }
        List<LayerSpec> layers = spec.layers().stream()
                .map(l -> width.containsKey(l.name()) ? l.withOut(width.get(l.name())) : l).toList();
        return SpecAnalysis.analyze(spec.withLayers(layers)).totalMacs();
    }

    /** MACs when every prunable group is cut to {@code minChannels}: the floor any target must stay above. */
    public static long minimumMacs(ModelSpec spec, List<FilterGroup> groups, int minChannels) {
        Map<String, Integer> counts = new HashMap<>();
        for (FilterGroup g : groups) {
            counts.put(g.name(), Math.max(0, g.channels() - minChannels));
        }
        return macsAfter(spec, groups, counts);
    }

    /**
     * @param scores per group, one score per filter (lower leaves first), e.g. an {@link ImportanceMatrix}'s
     *               row means or class-aware ranks
     * @return group name → removed filter indices (ascending)
     */
    public static Map<String, int[]> select(ModelSpec spec, List<FilterGroup> groups, Map<String, double[]> scores,
            RemovalRule limits, long targetMacs) {
        record Candidate(FilterGroup group, int filter, double score) {
        }
        List<Candidate> order = new ArrayList<>();
        for (FilterGroup g : groups) {
            double[] s = scores.get(g.name());
            for (int f = 0; f < g.channels(); f++) {
                order.add(new Candidate(g, f, s[f]));
            }
        }
        order.sort(Comparator.comparingDouble(Candidate::score).thenComparing(c -> c.group().name())
                .thenComparingInt(Candidate::filter));
        Map<String, Integer> counts = new HashMap<>();
        Map<String, List<Integer>> removed = new LinkedHashMap<>();
        long macs = macsAfter(spec, groups, counts);
        for (Candidate c : order) {
            if (macs <= targetMacs) {
                break;
            }
            String name = c.group().name();
            int done = counts.getOrDefault(name, 0);
            if (done >= limits.limit(c.group().channels())) {
                continue;
            }
            counts.put(name, done + 1);
            removed.computeIfAbsent(name, k -> new ArrayList<>()).add(c.filter());
            macs = macsAfter(spec, groups, counts);
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            List<Integer> r = removed.get(g.name());
            if (r != null) {
                out.put(g.name(), r.stream().mapToInt(Integer::intValue).sorted().toArray());
            }
        }
        return out;
    }

    /**
     * Per-layer ranking towards a MAC target (Torch-Pruning's default, global_pruning=False): every group loses
     * the same fraction of its filters, each its own lowest-scored ones; the fraction grows in steps of 1 % until
     * the MACs reach the target or the per-layer limits stop every group.
     */
    public static Map<String, int[]> selectPerLayer(ModelSpec spec, List<FilterGroup> groups,
            Map<String, double[]> scores, RemovalRule limits, long targetMacs) {
        Map<String, Integer> counts = new HashMap<>();
        for (int step = 1; step <= 100 && macsAfter(spec, groups, counts) > targetMacs; step++) {
            for (FilterGroup g : groups) {
                int byFraction = (int) Math.floor(step / 100.0 * g.channels() + 1e-9);
                counts.put(g.name(), Math.min(byFraction, limits.limit(g.channels())));
            }
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            int k = counts.getOrDefault(g.name(), 0);
            if (k > 0) {
                double[] s = scores.get(g.name());
                out.put(g.name(), java.util.stream.IntStream.range(0, g.channels()).boxed()
                        .sorted(Comparator.<Integer>comparingDouble(f -> s[f]).thenComparingInt(f -> f)).limit(k)
                        .mapToInt(Integer::intValue).sorted().toArray());
            }
        }
        return out;
    }

    /**
     * Class-aware order for a MAC target: class count first (the rule's n_f &lt; kMin filters lead), then mean
     * importance as the tie-break (it lies in [0, 1], so halving keeps it below one class).
     */
    public static Map<String, double[]> classAwareOrder(List<FilterGroup> groups, ImportanceMatrix classImportance,
            double tau) {
        return classAwareOrder(groups, RemovalRule.classCounts(groups, classImportance, tau),
                RemovalRule.means(groups, classImportance));
    }

    /** The same order from class counts given directly (e.g. the released code's fractional scores). */
    public static Map<String, double[]> classAwareOrder(List<FilterGroup> groups, Map<String, double[]> classCounts,
            Map<String, double[]> tieBreak) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            double[] n = classCounts.get(g.name());
            double[] mean = tieBreak.get(g.name());
            double[] s = new double[n.length];
            for (int f = 0; f < n.length; f++) {
                s[f] = n[f] + 0.5 * mean[f];
            }
            out.put(g.name(), s);
        }
        return out;
    }
}
