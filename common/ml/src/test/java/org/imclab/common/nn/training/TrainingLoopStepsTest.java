package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelZoo;
import org.junit.jupiter.api.Test;

/** The steps {@link TrainingLoop#fit} is split into: batch plan, best-epoch tracking, the listener, sampling. */
class TrainingLoopStepsTest {

    @Test
    void aTrailingBatchOfOneSampleIsDroppedAndTinySetsGetNoBatch() {
        assertThat(BatchPlan.of(65, 32).batches()).isEqualTo(2);
        assertThat(BatchPlan.of(66, 32).batches()).isEqualTo(3);
        assertThat(BatchPlan.of(66, 32).size(2)).isEqualTo(2);
        assertThat(BatchPlan.of(10, 64)).isEqualTo(new BatchPlan(10, 10, 1));
        assertThat(BatchPlan.of(1, 64).batches()).isZero();
    }

    @Test
    void bestEpochFollowsTheMonitorAndItsCheckpointResumesTheCounters() {
        BestEpoch loss = BestEpoch.none(TrainingConfig.Monitor.VAL_LOSS);
        byte[] w1 = {1};
        byte[] w2 = {2};
        assertThat(loss.record(1, 0.5, w1)).isTrue();
        assertThat(loss.record(2, 0.6, w2)).isFalse();
        assertThat(loss.patienceExhausted(1)).isTrue();
        assertThat(loss.patienceExhausted(2)).isFalse();
        assertThat(loss.patienceExhausted(0)).as("patience 0 disables early stopping").isFalse();
        TrainingCheckpoint cp = loss.checkpoint(2, w2, false, new byte[0]);
        assertThat(cp.bestEpoch()).isEqualTo(1);
        assertThat(cp.bestWeights()).isEqualTo(w1);
        assertThat(cp.epochsNoImprove()).isEqualTo(1);
        BestEpoch resumed = BestEpoch.resumed(TrainingConfig.Monitor.VAL_LOSS, cp);
        assertThat(resumed.epoch()).isEqualTo(1);
        assertThat(resumed.weights()).isEqualTo(w1);
        assertThat(resumed.patienceExhausted(1)).isTrue();

        BestEpoch acc = BestEpoch.none(TrainingConfig.Monitor.VAL_ACC);
        acc.record(1, 0.5, w1);
        assertThat(acc.record(2, 0.6, w2)).as("higher accuracy is better").isTrue();
        assertThat(acc.checkpoint(2, w2, true, null).bestWeights()).as("best = current is not stored twice").isNull();
    }

    @Test
    void theListenerHearsEveryStepAndEveryEpochAndThrowingCancels() throws Exception {
        RowSamples data = randomRows(100, 1);
        TrainingConfig config = config(3);
        List<Integer> steps = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(mlp(), config).addListener(new TrainingListener() {
                @Override
                public void stepDone(int step, int totalSteps, double loss) {
                    assertThat(loss).isFinite();
                    steps.add(step);
                    totals.add(totalSteps);
                }

                @Override
                public void epochDone(EpochMetrics metrics, TrainingCheckpoint checkpoint) {
                    assertThat(checkpoint.epochsDone()).isEqualTo(metrics.epoch());
                    epochs.add(metrics.epoch());
                }
            }).fit(m, data, null, null);
        }
        assertThat(steps).hasSize(30).startsWith(1, 2).endsWith(30);
        assertThat(totals).containsOnly(30);
        assertThat(epochs).containsExactly(1, 2, 3);

        List<Integer> before = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoop cancelled = new TrainingLoop(mlp(), config).addListener((step, total, loss) -> {
                if (step == 12) {
                    throw new IllegalStateException("cancelled at step " + step);
                }
                before.add(step);
            });
            assertThatThrownBy(() -> cancelled.fit(m, data, null, null)).hasMessage("cancelled at step 12");
        }
        assertThat(before).hasSize(11);
    }

    @Test
    void samplesPerEpochDrawsThatManySamplesEachEpoch() throws Exception {
        int[] steps = {0};
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingOutcome o = new TrainingLoop(mlp(), config(2)).samplesPerEpoch(40)
                    .addListener((step, total, loss) -> {
                        assertThat(total).isEqualTo(8);
                        steps[0]++;
                    }).fit(m, randomRows(100, 2), null, null);
            assertThat(o.history()).hasSize(2);
        }
        assertThat(steps[0]).isEqualTo(8);
    }

    private static TrainingConfig config(int epochs) {
        return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(10).withSeed(3);
    }

    private static Block mlp() {
        return new DjlModelBuilder().build(ModelZoo.mlp(new int[] {4}, new int[] {8}, 3));
    }

    private static RowSamples randomRows(int n, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int f = 0; f < 4; f++) {
                rows[i][f] = (float) r.nextGaussian() + labels[i];
            }
        }
        return new RowSamples(rows, labels, new int[] {4}, 3);
    }
}
