package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imclab.common.nn.SpecBlock;

/**
 * Step 1–3 of one pruning iteration: the importance the criterion needs and the filters it removes. The
 * class-aware matrix I[f, c] is computed whatever the criterion, so every run's artifacts carry it.
 *
 * @param removed  group name → removed filter indices (ascending); empty when nothing may leave
 * @param matrices "class" → I[f, c], and the criterion's own scores under its lower-case name
 */
record FilterSelection(Map<String, int[]> removed, Map<String, ImportanceMatrix> matrices) {

    /**
     * @param targetMacs null: the class-aware rule alone (n_f &lt; kMin); else remove towards this MAC count
     */
    static FilterSelection choose(PruningSettings settings, SpecBlock block, List<FilterGroup> groups,
            NormalizedImages data, Long targetMacs, long seed, NDManager manager) {
        ImportanceMatrix classMatrix = ClassImportance.compute(block, groups, data, settings.samplesPerClass(), seed,
                manager);
        Map<String, ImportanceMatrix> matrices = new LinkedHashMap<>();
        matrices.put("class", classMatrix);
        PruningCriterion criterion = settings.criterion();
        String key = criterion.name().toLowerCase(Locale.ROOT);
        Map<String, double[]> tieBreak = RemovalRule.means(groups, classMatrix);
        if (criterion.classAware()) {
            Map<String, double[]> counts;
            if (criterion == PruningCriterion.CLASS_AWARE_BINARY) {
                counts = BinaryClassImportance.scores(block, groups, data, settings.samplesPerClass(), seed, manager);
                matrices.put(key, BinaryClassImportance.asMatrix(counts, data.classes()));
            } else {
                counts = RemovalRule.classCounts(groups, classMatrix, settings.tau());
            }
            Map<String, int[]> removed = targetMacs == null ? settings.rule().select(groups, counts, tieBreak)
                    : MacBudget.select(block.spec(), groups, MacBudget.classAwareOrder(groups, counts, tieBreak),
                            settings.rule(), targetMacs);
            return new FilterSelection(removed, matrices);
        }
        ImportanceMatrix scores = switch (criterion) {
            case L1_NORM, L1_NORM_PER_LAYER -> FilterScores.l1Norm(block, groups);
            case RANDOM -> FilterScores.random(groups, seed);
            case TAYLOR -> FilterScores.taylor(block, groups, data, data.classes(), settings.samplesPerClass(), seed,
                    manager);
            case CLASS_AWARE, CLASS_AWARE_BINARY -> throw new IllegalStateException("handled above");
        };
        matrices.put(key, scores);
        Map<String, double[]> order = RemovalRule.means(groups, scores);
        Map<String, int[]> removed = criterion == PruningCriterion.L1_NORM_PER_LAYER
                ? MacBudget.selectPerLayer(block.spec(), groups, order, settings.rule(), targetMacs)
                : MacBudget.select(block.spec(), groups, order, settings.rule(), targetMacs);
        return new FilterSelection(removed, matrices);
    }
}
