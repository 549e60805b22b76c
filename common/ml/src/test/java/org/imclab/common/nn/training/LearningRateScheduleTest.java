package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static final TrainingConfig BASE = TrainingConfig.defaults().withOptimizer(TrainingConfig.OptimizerKind.SGD,
            0.1).withEpochs(10);

    @Test
    void warmupRisesLinearlyPerBatchThenCosineFallsToZero() {
        LearningRateSchedule s = new LearningRateSchedule(BASE.withSchedule(TrainingConfig.Schedule.COSINE, 2));
        assertThat(s.at(0, 0, 10)).isCloseTo(0.1 / 20, within(1e-12));
        assertThat(s.at(1, 9, 10)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(2, 0, 10)).isCloseTo(0.1, within(1e-12));
        // Half-way through the 8 cosine epochs: half the peak.
        assertThat(s.at(6, 0, 10)).isCloseTo(0.05, within(1e-12));
        assertThat(s.at(9, 9, 10)).isLessThan(0.001).isPositive();
    }

    @Test
    void stepDecayMultipliesEveryStepEpochs() {
        TrainingConfig c = new TrainingConfig(TrainingConfig.OptimizerKind.SGD, 0.1, 0.9, 0, TrainingConfig.Schedule.STEP,
                3, 0.1, 0, 10, 64, 0, TrainingConfig.Monitor.VAL_LOSS, false, 1, 0);
        LearningRateSchedule s = new LearningRateSchedule(c);
        assertThat(s.at(2, 5, 10)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(3, 0, 10)).isCloseTo(0.01, within(1e-12));
        assertThat(s.at(9, 0, 10)).isCloseTo(0.0001, within(1e-12));
    }

    @Test
    void noneIsConstant() {
        LearningRateSchedule s = new LearningRateSchedule(BASE);
        assertThat(s.at(0, 0, 5)).isEqualTo(0.1);
        assertThat(s.at(9, 4, 5)).isEqualTo(0.1);
    }
}
