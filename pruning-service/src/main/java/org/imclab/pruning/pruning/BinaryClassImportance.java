package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.nn.SpecBlock;

/**
 * The class count as the authors' released code computes it (criterion {@code CLASS_AWARE_BINARY}), which
 * differs from the paper's text ({@link ClassImportance}): the Taylor term |a · ∂L/∂a| is kept per spatial
 * position and binarised (important when it is non-zero, the code's {@code > 1e-50}), each class contributes the
 * fraction of its samples for which a position is important, the classes are summed per position, and a
 * filter's score is the maximum over its positions. The score lies in [0, classes] and plays the role of
 * n_f: filters scoring below kMin qualify for removal. τ is not used (the binarisation threshold is fixed).
 */
public final class BinaryClassImportance {

    /** The released code's binarisation threshold on |a · ∂L/∂a|. */
    public static final double THRESHOLD = 1e-50;

    private BinaryClassImportance() {
    }

    /**
     * @return per group, one score per filter in [0, classes]; classes without samples contribute nothing
     */
    public static Map<String, double[]> scores(SpecBlock block, List<FilterGroup> groups, NormalizedImages data,
            int samplesPerClass, long seed, NDManager manager) {
        Map<String, double[][]> perPosition = new LinkedHashMap<>();
        Random random = new Random(seed);
        for (int c = 0; c < data.classes(); c++) {
            int[] pick = ClassImportance.sample(data.indicesOf(c), samplesPerClass, random);
            if (pick.length == 0) {
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                Map<String, float[][][]> grads = ChannelGatePass.runSpatial(block, scope, data.batch(scope, pick),
                        data.labels(scope, pick), groups);
                for (FilterGroup g : groups) {
                    accumulate(perPosition, g, grads, pick.length);
                }
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            double[][] counts = perPosition.get(g.name());
            double[] s = new double[g.channels()];
            for (int f = 0; counts != null && f < s.length; f++) {
                for (double v : counts[f]) {
                    s[f] = Math.max(s[f], v);
                }
            }
            out.put(g.name(), s);
        }
        return out;
    }

    /** Adds one class's fraction of important samples per filter and position (coupled members summed first). */
    private static void accumulate(Map<String, double[][]> perPosition, FilterGroup g, Map<String, float[][][]> grads,
            int samples) {
        float[][][] first = grads.get(g.carriers().get(0));
        int positions = first[0][0].length;
        double[][] counts = perPosition.computeIfAbsent(g.name(), k -> new double[g.channels()][positions]);
        for (int n = 0; n < first.length; n++) {
            for (int f = 0; f < g.channels(); f++) {
                for (int p = 0; p < positions; p++) {
                    double term = 0;
                    for (String carrier : g.carriers()) {
                        term += grads.get(carrier)[n][f][p];
                    }
                    if (Math.abs(term) > THRESHOLD) {
                        counts[f][p] += 1.0 / samples;
                    }
                }
            }
        }
    }

    /** The scores as a one-column matrix divided by the class count (so in [0, 1]), for reports and artifacts. */
    public static ImportanceMatrix asMatrix(Map<String, double[]> scores, int classes) {
        Map<String, double[][]> m = new LinkedHashMap<>();
        scores.forEach((group, s) -> {
            double[][] rows = new double[s.length][1];
            for (int f = 0; f < s.length; f++) {
                rows[f][0] = s[f] / classes;
            }
            m.put(group, rows);
        });
        return new ImportanceMatrix(1, m);
    }
}
