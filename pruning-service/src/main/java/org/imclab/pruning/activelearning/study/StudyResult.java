package org.imclab.pruning.activelearning.study;

import java.util.List;
import java.util.Map;
import org.imclab.pruning.activelearning.AdversarialSettings;
import org.imclab.pruning.activelearning.ClassifierConfig;

/**
 * Everything a study produced: the setting, every (strategy, seed) curve and the per-strategy summary.
 *
 * @param summaries by strategy name, in request order
 */
public record StudyResult(String dataset, int poolSize, int testSize, int features, int classes,
        ClassifierConfig classifier, AdversarialSettings adversarial, int initialLabelled, int batchSize, int budget,
        int candidates, Double targetAccuracy, List<Long> seeds, List<LearningCurve> curves,
        Map<String, StrategySummary> summaries) {
}
