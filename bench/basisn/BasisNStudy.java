import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.stats.BenchStatistics;
import org.imclab.training.basisn.BasisNOutcome;
import org.imclab.training.basisn.BasisNRun;
import org.imclab.training.basisn.BasisNSettings;
import org.imclab.training.basisn.CrossbarGeometry;
import org.imclab.training.basisn.GroupLasso;
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The BasisN sweep below the crossbar size (docs/basisn.md): LeNet-5 on MNIST and Fashion-MNIST; per data set and
 * seed a standard model, then for every N in the sweep (R = 128 rows, 4-bit coefficients) and basis quantisation
 * off / on (device levels: 2-bit cells × 4 slices) a BasisN model from scratch and one by conversion of that
 * seed's standard model. Validation: from the last 5000 training images; test: the official test images (first
 * {@code test}). Writes every run's metrics as raw JSON and a table of mean ± std with n, plus the paired
 * bootstrap 95 % interval of (BasisN − standard) over seeds.
 *
 * <pre>
 * java -cp CP bench/basisn/BasisNStudy.java OUT_FILE_PREFIX key=value ...
 *   keys: data=name:dir[,name:dir]  seeds=1,2,3  ns=16,32,64  epochs=4  ftEpochs=2  train=55000  val=5000  test=10000
 *         threads=2
 * </pre>
 */
public class BasisNStudy {

    static final int ROWS = 128;
    static final int COEFF_BITS = 4;
    static final BasisQuantization DEVICE_LEVELS = BasisQuantization.of(2, 4);
    static int THREADS = 2;

    public static void main(String[] args) throws Exception {
        Path prefix = Path.of(args[0]);
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        List<Long> seeds = longs(kv.getOrDefault("seeds", "1,2,3"));
        List<Long> ns = longs(kv.getOrDefault("ns", "16,32,64"));
        int epochs = Integer.parseInt(kv.getOrDefault("epochs", "4"));
        int ftEpochs = Integer.parseInt(kv.getOrDefault("ftEpochs", "2"));
        int trainSize = Integer.parseInt(kv.getOrDefault("train", "55000"));
        int testSize = Integer.parseInt(kv.getOrDefault("test", "10000"));
        int valSize = Integer.parseInt(kv.getOrDefault("val", "5000"));
        // Engine threads (default 2); 1 when two studies share the 2-core machine.
        int threads = Integer.parseInt(kv.getOrDefault("threads", "2"));
        EngineThreads.apply(threads);
        THREADS = threads;
        long started = System.nanoTime();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String entry : kv.getOrDefault("data", "").split(",")) {
            String[] nd = entry.split(":", 2);
            Path dir = Path.of(nd[1]);
            ImageDataset all = IdxReader.readSplit(dir, "train");
            ImageDataset train = all.subset(IntStream.range(0, Math.min(trainSize, 55_000)).toArray());
            ImageDataset val = all.subset(IntStream.range(55_000, 55_000 + Math.min(valSize, 5_000)).toArray());
            ImageDataset test = IdxReader.readSplit(dir, "t10k").subset(IntStream.range(0, testSize).toArray());
            ImageSamples tr = ImageSamples.standardizedOn(train);
            Samples va = tr.withData(val);
            Samples te = tr.withData(test);
            ModelSpec lenet = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
            for (long seed : seeds) {
                try (NDManager m = NDManager.newBaseManager()) {
                    BasisNRun standardRun = pipeline(settings(BasisNSettings.Mode.FROM_SCRATCH, 16,
                            BasisQuantization.NONE, epochs, seed), tr, va, te);
                    BasisNRun.Baseline standard = standardRun.trainStandard(lenet, m, null);
                    runs.add(row(nd[0], seed, "standard", 0, false, Map.of("test_acc", standard.test().accuracy()),
                            started));
                    for (long n : ns) {
                        for (BasisQuantization q : List.of(BasisQuantization.NONE, DEVICE_LEVELS)) {
                            BasisNSettings scratch = settings(BasisNSettings.Mode.FROM_SCRATCH, (int) n, q, epochs, seed);
                            BasisNOutcome s = pipeline(scratch, tr, va, te).fromScratch(lenet, m, null);
                            runs.add(row(nd[0], seed, "scratch", n, q.enabled(), s.metrics(scratch), started));
                            BasisNSettings convert = settings(BasisNSettings.Mode.CONVERT, (int) n, q, ftEpochs, seed);
                            BasisNOutcome c = pipeline(convert, tr, va, te).convert(standard.model(), m, null);
                            runs.add(row(nd[0], seed, "convert", n, q.enabled(), c.metrics(convert), started));
                        }
                    }
                }
                write(prefix, runs, seeds, ns, epochs, ftEpochs, trainSize, testSize, started, false);
            }
        }
        write(prefix, runs, seeds, ns, epochs, ftEpochs, trainSize, testSize, started, true);
        System.out.println(Files.readString(Path.of(prefix + ".md")));
    }

    /** Raw JSON and table; also after every seed, so that a study stopped early keeps the seeds it finished. */
    static void write(Path prefix, List<Map<String, Object>> runs, List<Long> seeds, List<Long> ns, int epochs,
            int ftEpochs, int trainSize, int testSize, long started, boolean complete) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", Map.of("model", "LeNet-5", "rows", ROWS, "coeffBits", COEFF_BITS, "basisQuantizationOn",
                "bitsPerCell 2, slices 4", "epochs", epochs, "ftEpochs", ftEpochs, "train", trainSize, "test", testSize,
                "seeds", seeds, "ns", ns));
        out.put("complete", complete);
        out.put("runs", runs);
        out.put("seconds", (System.nanoTime() - started) / 1e9);
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.write(Path.of(prefix + ".json"), json.writeValueAsBytes(out));
        Files.writeString(Path.of(prefix + ".md"), (complete ? "" : "(incomplete: the study was still running)\n\n")
                + table(runs, epochs, ftEpochs, trainSize, testSize));
    }

    static BasisNSettings settings(BasisNSettings.Mode mode, int n, BasisQuantization q, int epochs, long seed) {
        CrossbarGeometry crossbar = new CrossbarGeometry(ROWS, 2, 8, false);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(64)
                .withOptimizer(TrainingConfig.OptimizerKind.ADAM, 0.002).withSchedule(TrainingConfig.Schedule.COSINE, 0)
                .withSeed(seed).withThreads(THREADS);
        return new BasisNSettings(mode, new BasisConfig(ROWS, n, COEFF_BITS, Math.min(n, crossbar.basisCrossbars(n))),
                crossbar, q, BasisInit.SVD, 0, GroupLasso.Weighting.ORDERED, BasisNSettings.Solver.PROXIMAL, 0, 0, config);
    }

    static BasisNRun pipeline(BasisNSettings s, Samples tr, Samples va, Samples te) {
        return new BasisNRun(s, tr, va, te, new BasisNRun.Sink() {
            @Override
            public void epoch(String phase, EpochMetrics m, Map<String, Double> extra, TrainingCheckpoint cp,
                    Map<String, Object> meta) {
                System.out.printf(Locale.ROOT, "  [%s N=%d q=%s] epoch %d val_acc %.4f %.0f s%n", s.mode(),
                        s.basis().size(), s.basisQuantization().enabled(), m.epoch(), m.valAcc(), m.seconds());
            }

            @Override
            public void step(String phase, int epoch, int batch, int batches) {
            }
        });
    }

    static Map<String, Object> row(String data, long seed, String run, long n, boolean quantized, Map<String, Double> metrics,
            long started) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("data", data);
        r.put("seed", seed);
        r.put("run", run);
        r.put("basisSize", n);
        r.put("basisQuantized", quantized);
        r.putAll(metrics);
        System.out.printf(Locale.ROOT, "%s seed %d %s N=%d q=%s: test_acc %.4f (%.0f s)%n", data, seed, run, n, quantized,
                metrics.get("test_acc"), (System.nanoTime() - started) / 1e9);
        return r;
    }

    /** Mean ± std (n) per configuration and the paired bootstrap CI of (BasisN − standard) over the same seeds. */
    static String table(List<Map<String, Object>> runs, int epochs, int ftEpochs, int train, int test) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "LeNet-5, R = %d, %d-bit coefficients, SVD basis; %d epochs (conversion: "
                + "%d fine-tuning epochs), %d training images, %d test images. Accuracy in %%; Δ = BasisN − standard, "
                + "paired over seeds, 95%% bootstrap interval.%n%n", ROWS, COEFF_BITS, epochs, ftEpochs, train, test));
        sb.append("| data | model | N | B quantised | n | test accuracy | Δ vs standard [95% CI] |\n|---|---|---|---|---|---|---|\n");
        List<String> datasets = runs.stream().map(r -> (String) r.get("data")).distinct().toList();
        for (String d : datasets) {
            Map<Long, Double> standard = new LinkedHashMap<>();
            runs.stream().filter(r -> r.get("data").equals(d) && r.get("run").equals("standard"))
                    .forEach(r -> standard.put((Long) r.get("seed"), (Double) r.get("test_acc")));
            double[] st = standard.values().stream().mapToDouble(Double::doubleValue).toArray();
            sb.append(String.format(Locale.ROOT, "| %s | standard | — | — | %d | %.2f ± %.2f | — |%n", d, st.length,
                    100 * BenchStatistics.mean(st), 100 * BenchStatistics.std(st)));
            List<String> keys = runs.stream().filter(r -> r.get("data").equals(d) && !r.get("run").equals("standard"))
                    .map(r -> r.get("run") + "|" + r.get("basisSize") + "|" + r.get("basisQuantized")).distinct().toList();
            for (String k : keys) {
                List<Map<String, Object>> rs = runs.stream().filter(r -> r.get("data").equals(d)
                        && k.equals(r.get("run") + "|" + r.get("basisSize") + "|" + r.get("basisQuantized"))).toList();
                double[] acc = rs.stream().mapToDouble(r -> (Double) r.get("test_acc")).toArray();
                double[] base = rs.stream().mapToDouble(r -> standard.get((Long) r.get("seed"))).toArray();
                BenchStatistics.PairedDifference diff = BenchStatistics.pairedBootstrap(acc, base, 1);
                String[] p = k.split("\\|");
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %.2f ± %.2f | %+.2f [%+.2f, %+.2f] |%n", d,
                        p[0], p[1], p[2].equals("true") ? "yes" : "no", acc.length, 100 * BenchStatistics.mean(acc),
                        100 * BenchStatistics.std(acc), 100 * diff.meanDifference(), 100 * diff.low(), 100 * diff.high()));
            }
        }
        return sb.toString();
    }

    static List<Long> longs(String csv) {
        List<Long> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Long.parseLong(s.trim()));
        }
        return out;
    }
}
