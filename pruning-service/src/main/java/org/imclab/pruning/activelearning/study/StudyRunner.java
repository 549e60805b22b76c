package org.imclab.pruning.activelearning.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.pruning.activelearning.ActiveLearner;
import org.imclab.pruning.activelearning.FeatureData;
import org.imclab.pruning.activelearning.Strategy;

/**
 * Simulated-oracle study: for each strategy × seed, start from a seeded random labelled set (the same
 * for all strategies of a seed), query batches until the budget, label them from the known labels and
 * record test accuracy after every retraining. Plain Java, so the job handler and the benchmark harness
 * share it.
 */
public final class StudyRunner {

    /** Hooks for progress, cancellation, tracking and checkpoints. */
    public interface Listener {
        /** Called between rounds; throw to stop. */
        default void checkCancelled() {
        }

        default void point(Strategy strategy, long seed, int labels, double accuracy) {
        }

        default void progress(double fraction, String step) {
        }

        default void curveFinished(LearningCurve curve) {
        }
    }

    private StudyRunner() {
    }

    /**
     * @param data      the whole data set; ids in poolIds/testIds index its rows
     * @param completed curves finished by an earlier attempt of the same study, reused as they are
     */
    public static StudyResult run(String datasetName, StudySpec spec, FeatureData data, int[] poolIds, int[] testIds,
            List<LearningCurve> completed, Listener listener) {
        int[] counts = spec.labelCounts();
        List<LearningCurve> curves = new ArrayList<>();
        int total = spec.strategies().size() * spec.seeds().size();
        int done = 0;
        for (Strategy strategy : spec.strategies()) {
            for (long seed : spec.seeds()) {
                LearningCurve previous = find(completed, strategy, seed);
                if (previous != null) {
                    curves.add(previous);
                    done++;
                    continue;
                }
                LearningCurve curve = curve(spec, strategy, seed, data, poolIds, testIds, counts, listener,
                        done, total);
                curves.add(curve);
                done++;
                listener.curveFinished(curve);
            }
        }
        Map<String, StrategySummary> summaries = new LinkedHashMap<>();
        for (Strategy strategy : spec.strategies()) {
            List<LearningCurve> mine = curves.stream().filter(c -> c.strategy().equals(strategy.id())).toList();
            summaries.put(strategy.id(), StrategySummary.of(strategy.id(), mine, spec.targetAccuracy()));
        }
        StrategySummary random = summaries.get(Strategy.RANDOM.id());
        if (random != null) {
            summaries.replaceAll((k, s) -> s.withRatio(random.labelsToTarget()));
        }
        return new StudyResult(datasetName, poolIds.length, testIds.length, data.numFeatures(), data.numClasses(),
                spec.classifier(), spec.adversarial(), spec.initialLabelled(), spec.batchSize(), spec.budget(),
                spec.candidates(), spec.targetAccuracy(), spec.seeds(), curves, summaries);
    }

    private static LearningCurve find(List<LearningCurve> completed, Strategy strategy, long seed) {
        for (LearningCurve c : completed) {
            if (c.strategy().equals(strategy.id()) && c.seed() == seed) {
                return c;
            }
        }
        return null;
    }

    /** The seed's initial labelled ids: a seeded sample of the pool, shared by every strategy. */
    public static int[] initialIds(int[] poolIds, int count, long seed) {
        int[] pool = poolIds.clone();
        Random rng = new Random(seed);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return java.util.Arrays.copyOf(pool, count);
    }

    private static LearningCurve curve(StudySpec spec, Strategy strategy, long seed, FeatureData data, int[] poolIds,
            int[] testIds, int[] counts, Listener listener, int done, int total) {
        long start = System.nanoTime();
        double[] accuracy = new double[counts.length];
        try (ActiveLearner learner = new ActiveLearner(data, poolIds, testIds, spec.classifier(), strategy,
                spec.adversarial(), spec.candidates(), seed)) {
            int[] initial = initialIds(poolIds, spec.initialLabelled(), seed);
            learner.addLabels(initial, oracle(data, initial), null);
            accuracy[0] = value(learner.testAccuracy());
            listener.point(strategy, seed, counts[0], accuracy[0]);
            for (int r = 1; r < counts.length; r++) {
                listener.checkCancelled();
                listener.progress((done + (double) r / counts.length) / total,
                        strategy.id() + " seed " + seed + ": " + counts[r - 1] + " labels");
                ActiveLearner.Batch batch = learner.next(counts[r] - counts[r - 1], r);
                learner.addLabels(batch.ids(), oracle(data, batch.ids()), batch.synthetic());
                accuracy[r] = value(learner.testAccuracy());
                listener.point(strategy, seed, counts[r], accuracy[r]);
            }
            return new LearningCurve(strategy.id(), seed, counts.clone(), accuracy, learner.syntheticCount(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static double value(Double accuracy) {
        return accuracy == null ? 0 : accuracy;
    }

    private static int[] oracle(FeatureData data, int[] ids) {
        int[] y = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            y[i] = data.y()[ids[i]];
        }
        return y;
    }
}
