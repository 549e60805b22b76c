import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingLoop;

/**
 * Batch slices against the ways a batch trained before them, in one JVM, alternating so that a change in the
 * machine's speed hits every variant alike: LeNet-5, Adam 1e-3 with the cosine schedule, batch 64, one epoch
 * per fit on the first {@code samples} MNIST training images, no validation.
 * Variants: "1 thread" (intra-op 1), "2 threads, unsliced" (one batch, intra-op 2, as before slicing),
 * "2 threads, sliced" (the default: two slices of 32, one thread each).
 * Args: mnist-idx-dir samples rounds. Prints one line per round and "RESULT variant median" lines.
 */
public class SliceBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int samples = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        byte[] images = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        byte[] labelBytes = Files.readAllBytes(dir.resolve("train-labels-idx1-ubyte"));
        byte[] px = Arrays.copyOfRange(images, 16, 16 + samples * 784);
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = labelBytes[8 + i];
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(Integer.toString(c));
        }
        ImageSamples train = ImageSamples.standardizedOn(new ImageDataset(px, labels, 1, 28, 28, classes));
        ModelSpec spec = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
        String[] names = {"1 thread", "2 threads, unsliced", "2 threads, sliced"};
        int[] threads = {1, 2, 2};
        boolean[] sliced = {false, false, true};
        System.out.printf(Locale.ROOT, "ENGINE %s %s DJL %s%n", Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), Engine.getDjlVersion());
        double[][] rates = new double[names.length][rounds];
        // Round 0 warms the engine and the JIT for every variant and is not counted.
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + (round == 0 ? " (warm-up)" : "") + ":");
            for (int v = 0; v < names.length; v++) {
                TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(64)
                        .withOptimizer(TrainingConfig.OptimizerKind.ADAM, 1e-3)
                        .withSchedule(TrainingConfig.Schedule.COSINE, 0).withThreads(threads[v]);
                try (NDManager m = NDManager.newBaseManager()) {
                    TrainingLoop loop = new TrainingLoop(new DjlModelBuilder().build(spec), config)
                            .sliceBatches(sliced[v]);
                    long t = System.nanoTime();
                    loop.fit(m, train, null, null);
                    double rate = samples / ((System.nanoTime() - t) / 1e9);
                    if (round > 0) {
                        rates[v][round - 1] = rate;
                    }
                    line.append(String.format(Locale.ROOT, "  %s %.0f", names[v], rate));
                }
            }
            System.out.println(line);
        }
        for (int v = 0; v < names.length; v++) {
            double[] r = rates[v].clone();
            Arrays.sort(r);
            System.out.printf(Locale.ROOT, "RESULT %s | %.0f | %.0f–%.0f%n", names[v], r[(r.length - 1) / 2], r[0],
                    r[r.length - 1]);
        }
    }
}
