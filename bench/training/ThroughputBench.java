import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingListener;
import org.imclab.common.nn.training.TrainingLoop;

/**
 * Training throughput of the service's own TrainingLoop (DJL, PyTorch engine) on random uint8 images:
 * forward, cross-entropy, backward and an SGD-momentum step per batch, data normalised per batch.
 * Args: model (lenet5 | resnet20 | vgg-small), samples per epoch, batch size, threads, repeats.
 * Prints one line per repeat and a final "RESULT model median_samples_per_sec".
 */
public class ThroughputBench {

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int samples = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int repeats = Integer.parseInt(args[4]);
        int[] input = model.equals("lenet5") ? new int[] {1, 28, 28} : new int[] {3, 32, 32};
        ModelSpec spec = ModelZoo.byName(model, input, 10);
        Random r = new Random(1);
        int per = input[0] * input[1] * input[2];
        byte[] px = new byte[samples * per];
        r.nextBytes(px);
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = r.nextInt(10);
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(Integer.toString(c));
        }
        ImageDataset data = new ImageDataset(px, labels, input[0], input[1], input[2], classes);
        float[] mean = new float[input[0]];
        float[] std = new float[input[0]];
        java.util.Arrays.fill(mean, 0.5f);
        java.util.Arrays.fill(std, 0.25f);
        ImageSamples train = new ImageSamples(data, mean, std, false);
        int effective = EngineThreads.apply(threads);
        System.out.printf(Locale.ROOT, "ENGINE %s %s DJL %s intra-op threads %d%n", Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), Engine.getDjlVersion(), effective);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1 + repeats).withBatchSize(batch)
                .withOptimizer(TrainingConfig.OptimizerKind.SGD, 0.01).withThreads(threads);
        List<Double> rates = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = new DjlModelBuilder().build(spec);
            // Epoch 1 is warm-up (allocator, oneDNN primitive caches); the others are measured.
            new TrainingLoop(block, config).addListener(TrainingListener.onEpoch((e, cp) -> {
                System.out.printf(Locale.ROOT, "epoch %d: %.1f samples/s%s%n", e.epoch(), e.samplesPerSec(),
                        e.epoch() == 1 ? " (warm-up, not counted)" : "");
                if (e.epoch() > 1) {
                    rates.add(e.samplesPerSec());
                }
            })).fit(m, train, null, null);
        }
        Collections.sort(rates);
        System.out.printf(Locale.ROOT, "RESULT %s %.1f%n", model, rates.get(rates.size() / 2));
    }
}
