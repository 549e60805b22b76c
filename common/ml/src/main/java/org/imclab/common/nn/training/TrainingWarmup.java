package org.imclab.common.nn.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;

/**
 * The training-service's engine warm-up body: one epoch of LeNet-5 (1×28×28, 10 classes) on random images,
 * through the same {@link TrainingLoop} a job runs, with a validation split. So it loads libtorch, has oneDNN
 * build its convolution, pooling and linear kernels for batch 64 (training) and 256 (evaluation), runs Adam and
 * the cosine schedule, writes a checkpoint's weights, and lets HotSpot see the Java side of all that.
 * Everything it allocates lives in one manager that is closed at the end.
 */
public final class TrainingWarmup {

    /** Batches of 64 trained; enough for oneDNN's per-shape primitives, short enough for start-up. */
    static final int TRAIN_BATCHES = 6;
    static final int BATCH = 64;
    /** One evaluation batch of the size jobs evaluate with. */
    static final int VAL_SAMPLES = 256;

    private TrainingWarmup() {
    }

    /**
     * Runs the warm-up on the calling thread. It opens gradient collectors, so nothing else in the JVM may
     * train meanwhile (the caller runs it before the job worker starts).
     *
     * @param threads intra-op threads as a job would set them (0: the engine's default)
     * @return a description for the log
     */
    public static String run(int threads) throws Exception {
        int[] input = {1, 28, 28};
        ModelSpec spec = ModelZoo.byName("lenet5", input, 10);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(BATCH)
                .withOptimizer(TrainingConfig.OptimizerKind.ADAM, 1e-3)
                .withSchedule(TrainingConfig.Schedule.COSINE, 0).withThreads(threads);
        Samples train = randomImages(TRAIN_BATCHES * BATCH, input, 1);
        Samples val = randomImages(VAL_SAMPLES, input, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = new DjlModelBuilder().build(spec);
            TrainingOutcome outcome = new TrainingLoop(block, config).fit(manager, train, val, null);
            if (outcome.epochsDone() != 1) {
                throw new IllegalStateException("warm-up trained " + outcome.epochsDone() + " epochs, expected 1");
            }
        } finally {
            // The loop leaves gradient recording off on this thread; nothing else here depends on it.
            GradMode.off();
        }
        return "LeNet-5, " + TRAIN_BATCHES + " batches of " + BATCH + " + " + VAL_SAMPLES + " validation samples, "
                + EngineThreads.apply(0) + " intra-op threads";
    }

    /** {@code n} random uint8 images of {@code shape} with random labels of 10 classes, normalised as mean 0.5, std 0.25. */
    static Samples randomImages(int n, int[] shape, long seed) {
        Random r = new Random(seed);
        int per = shape[0] * shape[1] * shape[2];
        byte[] px = new byte[n * per];
        r.nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(Integer.toString(c));
        }
        float[] mean = new float[shape[0]];
        float[] std = new float[shape[0]];
        Arrays.fill(mean, 0.5f);
        Arrays.fill(std, 0.25f);
        return new ImageSamples(new ImageDataset(px, labels, shape[0], shape[1], shape[2], classes), mean, std, false);
    }
}
