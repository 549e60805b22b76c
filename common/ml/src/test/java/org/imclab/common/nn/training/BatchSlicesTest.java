package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.junit.jupiter.api.Test;

/**
 * A batch trained as slices on several threads: which models may be sliced, how a batch is cut, and that a
 * sliced step is the unsliced step up to rounding, and repeats exactly.
 */
class BatchSlicesTest {

    private static final int[] IMAGE = {1, 12, 12};

    @Test
    void onlyModelsWhoseForwardPassIsPerSampleAreSliced() {
        SpecBlock lenet = build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
        assertThat(BatchSlices.plan(lenet, 2, 64).count()).isEqualTo(2);
        assertThat(BatchSlices.plan(lenet, 2, 64).intraOpThreads()).isEqualTo(1);
        assertThat(BatchSlices.plan(lenet, 16, 64).count()).as("slices of at least 16 samples").isEqualTo(4);
        assertThat(BatchSlices.plan(lenet, 16, 64).intraOpThreads()).isEqualTo(4);
        assertThat(BatchSlices.plan(lenet, 1, 64).count()).isEqualTo(1);
        assertThat(BatchSlices.plan(lenet, 2, 31).count()).isEqualTo(1);

        assertThat(BatchSlices.plan(build(ModelZoo.byName("vgg-small", new int[] {3, 32, 32}, 10)), 2, 64).count())
                .as("batch norm uses the batch's statistics").isEqualTo(1);
        assertThat(BatchSlices.plan(build(model(LayerSpec.dropout("drop", 0.5))), 2, 64).count())
                .as("dropout draws from the engine's random generator").isEqualTo(1);
        SpecBlock tapped = build(model(null));
        tapped.setOutputTap((layer, out) -> out);
        assertThat(BatchSlices.plan(tapped, 2, 64).count()).as("an output tap may keep state").isEqualTo(1);
    }

    @Test
    void aBatchIsCutIntoNearlyEqualSlicesOfAtLeastSixteen() {
        SpecBlock lenet = build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
        try (BatchSlices four = BatchSlices.plan(lenet, 4, 128)) {
            assertThat(four.sizes(128)).containsExactly(32, 32, 32, 32);
            assertThat(four.sizes(50)).containsExactly(17, 17, 16);
            assertThat(four.sizes(20)).containsExactly(20);
            assertThat(four.maxSize(128)).isEqualTo(32);
        }
    }

    @Test
    void runWaitsForEverySliceAndRethrowsTheFirstFailure() {
        SpecBlock lenet = build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
        AtomicBoolean workerDone = new AtomicBoolean();
        try (BatchSlices slices = BatchSlices.plan(lenet, 2, 64)) {
            assertThatThrownBy(() -> slices.run(2, k -> {
                if (k == 0) {
                    throw new IllegalStateException("slice 0 failed");
                }
                Thread.sleep(200);
                workerDone.set(true);
            })).hasMessage("slice 0 failed");
            assertThat(workerDone).as("the caller waited for the worker before rethrowing").isTrue();
            assertThatThrownBy(() -> slices.run(2, k -> {
                if (k == 1) {
                    throw new IllegalArgumentException("slice 1 failed");
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("slice 1 failed");
        }
    }

    @Test
    void parametersAreSharedOutByElementCount() {
        SpecBlock lenet = build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoop.initialize(lenet, m, new int[] {1, 28, 28}, 1);
            List<Pair<String, Parameter>> params = new ArrayList<>();
            lenet.getParameters().forEach(params::add);
            List<List<Pair<String, Parameter>>> groups = TrainingLoop.byThread(params, 2);
            // fc1's weight (layer 8 of LeNet-5, 400 x 120 = 48 000) outweighs the other nine parameters together (13 706).
            assertThat(groups).hasSize(2);
            assertThat(groups.get(0)).extracting(Pair::getKey).containsExactly("08fc1_weight");
            assertThat(groups.get(1)).hasSize(9);
            assertThat(TrainingLoop.byThread(params.subList(0, 1), 2)).as("no empty group").hasSize(1);
        }
    }

    /**
     * One SGD step on one batch of 64: two slices of 32 (threads 2) against the whole batch on one thread. With
     * plain SGD the update is linear in the gradient, so the weights may differ only by float rounding, far
     * below one step's size (lr 0.1 times gradients of order 1e-2).
     */
    @Test
    void aSlicedStepIsTheWholeBatchsStepUpToRounding() throws Exception {
        float[] sliced = trainedWeights(2, 1, 64, TrainingConfig.OptimizerKind.SGD);
        float[] whole = trainedWeights(1, 1, 64, TrainingConfig.OptimizerKind.SGD);
        float[] start = trainedWeights(1, 0, 64, TrainingConfig.OptimizerKind.SGD);
        assertThat(sliced).hasSameSizeAs(whole);
        double maxDiff = 0;
        double maxMove = 0;
        for (int i = 0; i < whole.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(sliced[i] - whole[i]));
            maxMove = Math.max(maxMove, Math.abs(whole[i] - start[i]));
        }
        assertThat(maxMove).as("the step moved the weights").isGreaterThan(1e-3);
        assertThat(maxDiff).isLessThan(1e-6);
    }

    @Test
    void twoSlicedRunsWithOneSeedEndWithTheSameWeights() throws Exception {
        float[] a = trainedWeights(2, 3, 200, TrainingConfig.OptimizerKind.ADAM);
        float[] b = trainedWeights(2, 3, 200, TrainingConfig.OptimizerKind.ADAM);
        assertThat(a).containsExactly(b);
    }

    /**
     * A small CNN (conv, relu, max pool, linear) trained from seed 5 on {@code n} random images for
     * {@code epochs} epochs of batch 64 with {@code threads} threads; its weights, flattened in order.
     */
    private static float[] trainedWeights(int threads, int epochs, int n, TrainingConfig.OptimizerKind kind)
            throws Exception {
        SpecBlock block = build(model(null));
        TrainingConfig config = TrainingConfig.defaults().withEpochs(Math.max(1, epochs)).withBatchSize(64)
                .withOptimizer(kind, kind == TrainingConfig.OptimizerKind.SGD ? 0.1 : 1e-3).withSeed(5)
                .withThreads(threads);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoop loop = new TrainingLoop(block, config);
            if (epochs == 0) {
                TrainingLoop.initialize(block, m, IMAGE, config.seed());
            } else {
                loop.fit(m, images(n), null, null);
            }
            List<Float> all = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        } finally {
            EngineThreads.apply(Runtime.getRuntime().availableProcessors());
        }
    }

    /** conv 4@3x3, relu, max pool 2, [extra], flatten, linear 10 on 1x12x12 images. */
    private static ModelSpec model(LayerSpec extra) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(LayerSpec.conv("c1", 4, 3, 1, 1, true));
        layers.add(LayerSpec.relu("r1"));
        layers.add(LayerSpec.maxpool("p1", 2, 2, 0));
        if (extra != null) {
            layers.add(extra);
        }
        layers.add(LayerSpec.flatten("flat"));
        layers.add(LayerSpec.linear("fc", 10));
        return new ModelSpec("small-cnn", IMAGE, 10, layers);
    }

    private static SpecBlock build(ModelSpec spec) {
        return new DjlModelBuilder().build(spec);
    }

    private static Samples images(int n) {
        return TrainingWarmup.randomImages(n, IMAGE, 11);
    }
}
