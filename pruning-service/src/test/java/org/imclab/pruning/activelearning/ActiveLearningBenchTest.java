package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imclab.pruning.activelearning.study.LearningCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The bench's resume bookkeeping: which seeds are whole, how a reduced table says so, and the saved curves. */
class ActiveLearningBenchTest {

    private static LearningCurve curve(Strategy s, long seed) {
        return new LearningCurve(s.id(), seed, new int[] {100, 200}, new double[] {0.5, 0.6}, 0, 1.0);
    }

    @Test
    void onlySeedsWithEveryStrategyAreComplete() {
        List<Strategy> strategies = List.of(Strategy.RANDOM, Strategy.MARGIN);
        // seed 1: both strategies; seed 2: random only; seed 3: both, but finished after seed 2 started.
        List<LearningCurve> curves = List.of(curve(Strategy.RANDOM, 1), curve(Strategy.MARGIN, 1),
                curve(Strategy.RANDOM, 2), curve(Strategy.MARGIN, 3), curve(Strategy.RANDOM, 3));

        assertThat(ActiveLearningBench.completeSeeds(curves, strategies, List.of(1L, 2L, 3L, 4L)))
                .containsExactly(1L, 3L);
    }

    @Test
    void aReducedRunNamesTheSeedsItCoversAndTheCurvesFinished() {
        // 8 strategies x 5 registered seeds = 40 curves; seeds 1 and 2 whole plus 3 curves of seed 3 = 19.
        String line = ActiveLearningBench.coverage(List.of(1L, 2L), List.of(1L, 2L, 3L, 4L, 5L), 19, 8);

        assertThat(line).startsWith("**Reduced run**: seeds [1, 2] of the registered [1, 2, 3, 4, 5]")
                .contains("19 of 40 registered curves finished");
        assertThat(ActiveLearningBench.coverage(List.of(1L, 2L), List.of(1L, 2L), 16, 8)).isEmpty();
    }

    @Test
    void savedCurvesReadBackAsTheyWereWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.curves.json");
        assertThat(ActiveLearningBench.readCurves(file)).isEmpty();
        Files.write(file, JsonMapper.builder().build().writeValueAsBytes(List.of(curve(Strategy.BIM, 4))));

        List<LearningCurve> back = ActiveLearningBench.readCurves(file);

        assertThat(back).hasSize(1);
        assertThat(back.get(0).strategy()).isEqualTo("bim");
        assertThat(back.get(0).seed()).isEqualTo(4);
        assertThat(back.get(0).accuracy()).containsExactly(0.5, 0.6);
    }
}
