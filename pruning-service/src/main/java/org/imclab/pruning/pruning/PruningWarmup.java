package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.GradMode;

/**
 * The pruning-service's engine warm-up body: a few {@link FineTuning} steps of LeNet-5 on random images (the
 * loop pruning jobs fine-tune with, under the same gradient-collector lock) and one evaluation batch, so the
 * first pruning job does not pay for loading libtorch and building oneDNN's kernels.
 */
public final class PruningWarmup {

    static final int BATCHES = 6;
    static final int BATCH = 64;

    private PruningWarmup() {
    }

    /** Runs on the calling thread, before the job worker starts (it opens gradient collectors). */
    public static String run() throws Exception {
        int[] input = {1, 28, 28};
        int n = BATCHES * BATCH;
        Random r = new Random(1);
        byte[] px = new byte[n * 28 * 28];
        r.nextBytes(px);
        int[] labels = new int[n];
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(Integer.toString(c));
        }
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        NormalizedImages images = new NormalizedImages(new ImageDataset(px, labels, 1, 28, 28, classes),
                new double[] {0.5}, new double[] {0.25});
        try (NDManager manager = NDManager.newBaseManager()) {
            GradMode.off();
            SpecBlock block = new DjlModelBuilder().build(ModelZoo.byName("lenet5", input, 10));
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            FineTuneSettings settings = new FineTuneSettings(1, n, BATCH, 0.01, 0.9, 0, 0, 0);
            double loss = FineTuning.run(block, images, settings, 1, manager, null);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("warm-up fine-tuning gave loss " + loss);
            }
            ModelEvaluation.accuracy(block, images, manager);
        } finally {
            GradMode.off();
        }
        return "LeNet-5, " + BATCHES + " fine-tuning batches of " + BATCH + " + evaluation";
    }
}
