package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.nn.SpecBlock;

/**
 * Class-agnostic filter scores for the baselines, each normalised within its group (largest = 1) so one
 * global ordering can cut across layers under the same per-layer limits as the class-aware rule.
 */
public final class FilterScores {

    private FilterScores() {
    }

    /** Li et al. (ICLR 2017): Σ|W| of each filter; a coupled group sums its members. */
    public static ImportanceMatrix l1Norm(SpecBlock block, List<FilterGroup> groups) {
        Map<String, double[][]> raw = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            double[][] m = new double[g.channels()][1];
            for (String conv : g.convs()) {
                var w = block.layer(conv).getParameters().get("weight").getArray();
                float[] v = w.toFloatArray();
                int per = v.length / g.channels();
                for (int f = 0; f < g.channels(); f++) {
                    double s = 0;
                    for (int i = f * per; i < (f + 1) * per; i++) {
                        s += Math.abs(v[i]);
                    }
                    m[f][0] += s;
                }
            }
            raw.put(g.name(), m);
        }
        return ImportanceMatrix.normalised(1, raw);
    }

    /** Uniform random scores from the seed. */
    public static ImportanceMatrix random(List<FilterGroup> groups, long seed) {
        Random random = new Random(seed);
        Map<String, double[][]> raw = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            double[][] m = new double[g.channels()][1];
            for (double[] row : m) {
                row[0] = random.nextDouble();
            }
            raw.put(g.name(), m);
        }
        return ImportanceMatrix.normalised(1, raw);
    }

    /**
     * Molchanov et al. (CVPR 2019), gate after batchnorm: per mini-batch of mixed classes,
     * (Σ_batch Σ_spatial a_f · ∂L/∂a_f)², averaged over the mini-batches. Uses the same samples as the
     * class-aware pass ({@code batches} × {@code batchSize} drawn from the seed), so both see equal data.
     */
    public static ImportanceMatrix taylor(SpecBlock block, List<FilterGroup> groups, NormalizedImages data,
            int batches, int batchSize, long seed, NDManager manager) {
        Map<String, double[][]> raw = new LinkedHashMap<>();
        for (FilterGroup g : groups) {
            raw.put(g.name(), new double[g.channels()][1]);
        }
        Random random = new Random(seed);
        int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
        for (int b = 0; b < batches; b++) {
            int[] pick = ClassImportance.sample(all, batchSize, random);
            try (NDManager scope = manager.newSubManager()) {
                Map<String, float[][]> grads = ChannelGatePass.run(block, scope, data.batch(scope, pick),
                        data.labels(scope, pick), groups, false);
                for (FilterGroup g : groups) {
                    double[][] terms = ChannelGatePass.groupTerms(g, grads);
                    double[][] m = raw.get(g.name());
                    for (int f = 0; f < g.channels(); f++) {
                        double s = 0;
                        for (double[] t : terms) {
                            s += t[f];
                        }
                        m[f][0] += s * s / batches;
                    }
                }
            }
        }
        return ImportanceMatrix.normalised(1, raw);
    }
}
