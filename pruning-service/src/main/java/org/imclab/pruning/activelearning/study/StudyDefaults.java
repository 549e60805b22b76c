package org.imclab.pruning.activelearning.study;

import java.util.List;
import org.imclab.pruning.activelearning.ClassifierConfig;

/**
 * What a study uses for the fields a request leaves out, sized to the pool so that
 * {@code {"datasetId": "builtin:digits"}} alone is a meaningful study: a small stratification-sized
 * start, ten query rounds, and a budget of a fifth of the pool (at most 1000 labels, so a default study on
 * MNIST stays minutes, not hours).
 */
public final class StudyDefaults {

    /** Query rounds between the initial set and the budget. */
    public static final int ROUNDS = 10;
    public static final int MAX_INITIAL = 100;
    public static final int MAX_BUDGET = 1000;
    public static final double BUDGET_FRACTION = 0.2;
    /**
     * DeepFool against random: the comparison the method exists for. Margin is not a default because
     * with the default 1-NN its vote scores all tie, so it picks exactly what random picks.
     */
    public static final List<String> STRATEGIES = List.of("random", "deepfool");
    public static final List<Long> SEEDS = List.of(0L);

    private StudyDefaults() {
    }

    /** 1-NN: no hyper-parameters to tune, and the baseline the docs' tables start from. */
    public static ClassifierConfig classifier() {
        return ClassifierConfig.knn(1);
    }

    /** 1 % of the pool, at least one label per class, at most {@value #MAX_INITIAL}, below the budget. */
    public static int initialLabelled(int pool, int classes, Integer budget) {
        int n = Math.min(MAX_INITIAL, Math.max(classes, (int) Math.ceil(0.01 * pool)));
        n = Math.min(n, Math.max(1, pool / 2));
        return budget == null ? n : Math.max(1, Math.min(n, budget - 1));
    }

    /** A fifth of the pool, at most {@value #MAX_BUDGET}, and room for {@value #ROUNDS} rounds of at least 1. */
    public static int budget(int pool, int initialLabelled) {
        int b = (int) Math.min(MAX_BUDGET, Math.round(BUDGET_FRACTION * pool));
        return Math.min(pool, Math.max(b, initialLabelled + ROUNDS));
    }

    /** Labels per round so that the budget is reached in {@value #ROUNDS} rounds. */
    public static int batchSize(int initialLabelled, int budget) {
        return Math.max(1, (int) Math.ceil((budget - initialLabelled) / (double) ROUNDS));
    }
}
