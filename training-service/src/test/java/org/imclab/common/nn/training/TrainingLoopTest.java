package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecWeights;
import org.imclab.training.support.MnistSubset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The training loop on real MNIST images with LeNet-5: learning, determinism, exact resume, hooks. */
class TrainingLoopTest {

    static ImageDataset train;
    static ImageDataset val;
    static float[] mean;
    static float[] std;

    @BeforeAll
    static void data() {
        ImageDataset all = MnistSubset.train();
        train = all.subset(range(0, 1000));
        val = all.subset(range(2500, 3000));
        ChannelStats s = ChannelStats.of(train);
        mean = new float[] {(float) s.mean()[0]};
        std = new float[] {(float) s.std()[0]};
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    static Block lenet() {
        return new DjlModelBuilder().build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
    }

    static TrainingConfig config(int epochs) {
        // One intra-op thread: the CI machine is shared, and OpenMP barriers degrade badly when oversubscribed.
        return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(32).withOptimizer(
                TrainingConfig.OptimizerKind.NESTEROV, 0.05).withSeed(7).withThreads(1);
    }

    @Test
    void sameSeedGivesTheSameLossAndWeights() throws Exception {
        List<Double> losses = new ArrayList<>();
        List<byte[]> weights = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block b = lenet();
                TrainingOutcome o = new TrainingLoop(b, config(1)).fit(m, samples(train), samples(val), null);
                losses.add(o.history().get(0).trainLoss());
                weights.add(SpecWeights.toBytes(b));
            }
        }
        assertThat(losses.get(0)).isFinite().isEqualTo(losses.get(1));
        assertThat(weights.get(0)).isEqualTo(weights.get(1));
    }

    @Test
    void resumingFromACheckpointContinuesExactlyAsAnUninterruptedRun() throws Exception {
        List<EpochMetrics> straight = new ArrayList<>();
        byte[] straightWeights;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = lenet();
            new TrainingLoop(b, config(2)).addListener(TrainingListener.onEpoch((e, cp) -> straight.add(e)))
                    .fit(m, samples(train), samples(val), null);
            straightWeights = SpecWeights.toBytes(b);
        }
        TrainingCheckpoint[] afterFirst = new TrainingCheckpoint[1];
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = lenet();
            new TrainingLoop(b, config(1)).addListener(TrainingListener.onEpoch((e, cp) -> afterFirst[0] = cp))
                    .fit(m, samples(train), samples(val), null);
        }
        byte[] bytes = afterFirst[0].toBytes();
        TrainingCheckpoint restored = TrainingCheckpoint.readFrom(new java.io.ByteArrayInputStream(bytes));
        assertThat(restored.epochsDone()).isEqualTo(1);
        List<EpochMetrics> resumed = new ArrayList<>();
        byte[] resumedWeights;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = lenet();
            TrainingOutcome o = new TrainingLoop(b, config(2))
                    .addListener(TrainingListener.onEpoch((e, cp) -> resumed.add(e)))
                    .fit(m, samples(train), samples(val), restored);
            assertThat(o.resumedFrom()).isEqualTo(1);
            resumedWeights = SpecWeights.toBytes(b);
        }
        assertThat(resumed).extracting(EpochMetrics::epoch).containsExactly(2);
        assertThat(resumed.get(0).trainLoss()).isEqualTo(straight.get(1).trainLoss());
        assertThat(resumed.get(0).valAcc()).isEqualTo(straight.get(1).valAcc());
        assertThat(resumedWeights).isEqualTo(straightWeights);
    }

    @Test
    void lenetLearnsDigitsAndHooksRunEveryStep() throws Exception {
        int[] steps = {0};
        List<EpochMetrics> epochs = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = lenet();
            TrainingOutcome o = new TrainingLoop(b, config(3).withOptimizer(TrainingConfig.OptimizerKind.ADAM, 0.002))
                    .addStepHook((epoch, batch, batches, block, store) -> steps[0]++)
                    .addListener(TrainingListener.onEpoch((e, cp) -> epochs.add(e)))
                    .fit(m, samples(train), samples(val), null);
            assertThat(o.epochsDone()).isEqualTo(3);
        }
        // 1000 samples in batches of 32: 31 full batches and one of 8.
        assertThat(steps[0]).isEqualTo(3 * 32);
        assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        System.out.println("LeNet-5 on 1000 MNIST images, val acc per epoch: "
                + epochs.stream().map(EpochMetrics::valAcc).toList());
        assertThat(epochs.get(2).valAcc()).isGreaterThan(0.8);
        assertThat(epochs.get(2).samplesPerSec()).isPositive();
        assertThat(epochs.get(0).asTrackingMetrics()).containsOnlyKeys("train_loss", "train_acc", "val_loss",
                "val_acc", "lr", "samples_per_sec");
    }

    @Test
    void anExtraLossTermIsAddedToTheObjective() throws Exception {
        double normWithout;
        double normWith;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = lenet();
            new TrainingLoop(b, config(1)).fit(m, samples(train), null, null);
            normWithout = weightNorm(b);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = lenet();
            // A strong L2 penalty on every weight: the same data, a much smaller solution.
            new TrainingLoop(b, config(1)).addLossTerm((block, store) -> {
                ai.djl.ndarray.NDArray sum = null;
                for (var p : block.getParameters()) {
                    if (p.getKey().endsWith("weight")) {
                        var w = store.getValue(p.getValue(), store.getManager().getDevice(), true);
                        var sq = w.square().sum().mul(0.05f);
                        sum = sum == null ? sq : sum.add(sq);
                    }
                }
                return sum;
            }).fit(m, samples(train), null, null);
            normWith = weightNorm(b);
        }
        assertThat(normWith).isLessThan(normWithout * 0.8);
    }

    private static double weightNorm(Block b) {
        double s = 0;
        for (var p : b.getParameters()) {
            if (p.getKey().endsWith("weight")) {
                for (float f : p.getValue().getArray().toFloatArray()) {
                    s += f * f;
                }
            }
        }
        return Math.sqrt(s);
    }

    static ImageSamples samples(ImageDataset d) {
        return new ImageSamples(d, mean, std, false);
    }
}
