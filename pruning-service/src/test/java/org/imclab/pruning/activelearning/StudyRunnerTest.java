package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.study.LearningCurve;
import org.imclab.pruning.activelearning.study.StrategySummary;
import org.imclab.pruning.activelearning.study.StudyResult;
import org.imclab.pruning.activelearning.study.StudyRunner;
import org.imclab.pruning.activelearning.study.StudySpec;
import org.junit.jupiter.api.Test;

class StudyRunnerTest {

    private static final PoolData DIGITS = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();

    @Test
    void knnStudyOnDigitsProducesCurvesForEveryStrategyAndSeed() {
        List<Strategy> all = List.of(Strategy.values());
        StudySpec spec = new StudySpec(ClassifierConfig.knn(1), all, List.of(1L, 2L), 20, 20, 60, 0.85, 0,
                AdversarialSettings.defaults());
        List<String> points = new ArrayList<>();
        StudyResult r = StudyRunner.run("digits", spec, DIGITS.data(), DIGITS.poolIds(), DIGITS.testIds(), List.of(),
                new StudyRunner.Listener() {
                    @Override
                    public void point(Strategy s, long seed, int labels, double accuracy) {
                        points.add(s.id() + "/" + seed + "/" + labels);
                    }
                });
        assertThat(r.curves()).hasSize(all.size() * 2);
        assertThat(points).hasSize(all.size() * 2 * 3).contains("dfal/2/60", "core-set/1/20");
        for (LearningCurve c : r.curves()) {
            assertThat(c.labels()).containsExactly(20, 40, 60);
            assertThat(java.util.Arrays.stream(c.accuracy()).allMatch(a -> a > 0.3 && a <= 1.0)).isTrue();
        }
        // Every seed starts from the same labelled set, so all strategies share the first point.
        double first = r.curves().get(0).accuracy()[0];
        r.curves().stream().filter(c -> c.seed() == 1).forEach(c -> assertThat(c.accuracy()[0]).isEqualTo(first));
        assertThat(r.curves().stream().filter(c -> c.strategy().equals("dfal")).mapToInt(LearningCurve::synthetic).sum())
                .isPositive();
        assertThat(r.summaries().keySet()).containsExactlyElementsOf(all.stream().map(Strategy::id).toList());
        StrategySummary random = r.summaries().get("random");
        assertThat(random.mean()).hasSize(3);
        assertThat(random.aulc()).isBetween(0.3, 1.0);
        if (random.labelsToTarget() != null) {
            assertThat(random.ratioToRandom()).isEqualTo(1.0);
        }
        // Learning helps: the mean curve ends above where it starts.
        for (StrategySummary s : r.summaries().values()) {
            assertThat(s.mean()[2]).as(s.strategy()).isGreaterThan(s.mean()[0]);
        }
    }

    @Test
    void completedCurvesFromACheckpointAreReusedNotRecomputed() {
        StudySpec spec = new StudySpec(ClassifierConfig.knn(1), List.of(Strategy.RANDOM, Strategy.MARGIN),
                List.of(7L), 10, 10, 30, null, 0, AdversarialSettings.defaults());
        LearningCurve done = new LearningCurve("random", 7, new int[] {10, 20, 30}, new double[] {0.5, 0.6, 0.7}, 0, 1);
        List<String> computed = new ArrayList<>();
        StudyResult r = StudyRunner.run("digits", spec, DIGITS.data(), DIGITS.poolIds(), DIGITS.testIds(),
                List.of(done), new StudyRunner.Listener() {
                    @Override
                    public void curveFinished(LearningCurve c) {
                        computed.add(c.strategy());
                    }
                });
        assertThat(computed).containsExactly("margin");
        assertThat(r.curves().get(0)).isSameAs(done);
    }

    @Test
    void summaryArithmetic() {
        assertThat(StrategySummary.aulc(new int[] {10, 20, 40}, new double[] {0.5, 0.7, 0.9}))
                .isCloseTo((10 * 0.6 + 20 * 0.8) / 30, within(1e-12));
        assertThat(StrategySummary.labelsToReach(new int[] {10, 20, 40}, new double[] {0.5, 0.7, 0.9}, 0.7)).isEqualTo(20);
        assertThat(StrategySummary.labelsToReach(new int[] {10, 20}, new double[] {0.5, 0.6}, 0.7)).isNull();
    }
}
