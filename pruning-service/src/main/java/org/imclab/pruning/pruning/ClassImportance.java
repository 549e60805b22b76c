package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.nn.SpecBlock;

/**
 * Per-class first-order Taylor importance (docs/science/class-aware-pruning.md §3, step 1): for class c, n samples of that class;
 * for filter f, I[f, c] = mean over the samples of |Σ_spatial a_f · ∂L/∂a_f| on the filter's output feature
 * map (for a coupled group, the members' terms are summed before the absolute value: the first-order change
 * of removing the channel everywhere). Each group's matrix is then divided by its largest entry.
 */
public final class ClassImportance {

    private ClassImportance() {
    }

    /**
     * @param samplesPerClass n; classes with fewer samples use all they have, classes with none get zeros
     * @param seed            picks which samples of each class are used
     */
    public static ImportanceMatrix compute(SpecBlock block, List<FilterGroup> groups, NormalizedImages data,
            int samplesPerClass, long seed, NDManager manager) {
        int classes = data.classes();
        Map<String, double[][]> raw = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            raw.put(g.name(), new double[g.channels()][classes]);
        }
        Random random = new Random(seed);
        for (int c = 0; c < classes; c++) {
            int[] pick = sample(data.indicesOf(c), samplesPerClass, random);
            if (pick.length == 0) {
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                Map<String, float[][]> grads = ChannelGatePass.run(block, scope, data.batch(scope, pick),
                        data.labels(scope, pick), groups, true);
                for (FilterGroup g : groups) {
                    double[][] terms = ChannelGatePass.groupTerms(g, grads);
                    double[][] m = raw.get(g.name());
                    for (double[] sampleTerms : terms) {
                        for (int f = 0; f < g.channels(); f++) {
                            m[f][c] += Math.abs(sampleTerms[f]) / terms.length;
                        }
                    }
                }
            }
        }
        return ImportanceMatrix.normalised(classes, raw);
    }

    /** Up to {@code n} of the indices, drawn without replacement. */
    static int[] sample(int[] indices, int n, Random random) {
        int[] copy = indices.clone();
        int k = Math.min(n, copy.length);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return java.util.Arrays.copyOf(copy, k);
    }
}
