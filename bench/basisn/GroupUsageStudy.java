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
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.training.basisn.BasisNOutcome;
import org.imclab.training.basisn.BasisNRun;
import org.imclab.training.basisn.BasisNSettings;
import org.imclab.training.basisn.CrossbarGeometry;
import org.imclab.training.basisn.GroupLasso;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measured crossbar-group usage of trained group-lasso BasisN models, for the hardware cost study
 * (bench/hwsim/study.sh reads the JSON this writes). LeNet-5 from scratch, R = 128, 4-bit coefficients, G = X_B
 * groups (one per basis crossbar: 32 basis columns of 2-bit cells holding 8-bit values), proximal group lasso with
 * ordered weights at λ; per (data set, N, seed) the usage exactly as the basisn job registers it
 * ({@code BasisNUsageReport.metadata()}, the record {@code basisN.fromModelId} reads) and the test accuracy.
 *
 * <p>Every finished run is written at once, and a rerun skips the runs already in the file, so a stopped study
 * resumes.
 *
 * <pre>
 * java -cp CP bench/basisn/GroupUsageStudy.java OUT.json key=value ...
 *   keys: data=name:dir[,name:dir]  seeds=1,2  ns=64,128  lambda=0.1  epochs=3  train=10000  val=2000  test=10000
 *         threads=1
 * </pre>
 */
public class GroupUsageStudy {

    static final int ROWS = 128;
    static final int COEFF_BITS = 4;

    public static void main(String[] args) throws Exception {
        Path outFile = Path.of(args[0]);
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        List<Long> seeds = longs(kv.getOrDefault("seeds", "1,2"));
        List<Long> ns = longs(kv.getOrDefault("ns", "64,128"));
        double lambda = Double.parseDouble(kv.getOrDefault("lambda", "0.1"));
        int epochs = Integer.parseInt(kv.getOrDefault("epochs", "3"));
        int trainSize = Integer.parseInt(kv.getOrDefault("train", "10000"));
        int valSize = Integer.parseInt(kv.getOrDefault("val", "2000"));
        int testSize = Integer.parseInt(kv.getOrDefault("test", "10000"));
        int threads = Integer.parseInt(kv.getOrDefault("threads", "1"));
        EngineThreads.apply(threads);
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        List<Object> runs = new ArrayList<>();
        if (Files.exists(outFile)) {
            json.readTree(Files.readAllBytes(outFile)).get("runs").forEach(runs::add);
        }
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("model", "LeNet-5 (zoo), BasisN trained from scratch (BasisNRun.fromScratch, the basisn job's code path)");
        protocol.put("rows", ROWS);
        protocol.put("coeffBits", COEFF_BITS);
        protocol.put("groups", "G = X_B = ceil(N x 4 / 128): one group per basis crossbar");
        protocol.put("groupLasso", "proximal solver, ordered weights; λ per run");
        protocol.put("epochs", epochs);
        protocol.put("optimizer", "Adam lr 0.002, cosine, batch 64");
        protocol.put("train", trainSize + " first training images");
        protocol.put("validation", valSize + " images from index 55000 of the training file");
        protocol.put("test", testSize + " first official test images");
        long started = System.nanoTime();
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
            for (long n : ns) {
                for (long seed : seeds) {
                    if (done(runs, nd[0], n, seed, lambda)) {
                        continue;
                    }
                    BasisNSettings s = settings((int) n, lambda, epochs, seed, threads);
                    BasisNOutcome o;
                    try (NDManager m = NDManager.newBaseManager()) {
                        o = pipeline(s, tr, va, te, nd[0], seed).fromScratch(lenet, m, null);
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("data", nd[0]);
                    r.put("seed", seed);
                    r.put("basisSize", n);
                    r.put("lambda", lambda);
                    r.put("testAccuracy", o.testAccuracy());
                    r.put("meanGroupsUsed", o.usage().meanGroupsUsed());
                    r.put("coefficientSparsity", o.usage().sparsity());
                    r.put("basisN", o.usage().metadata());
                    runs.add(json.valueToTree(r));
                    System.out.printf(Locale.ROOT, "%s N=%d seed %d: test %.4f, mean groups used %.2f of %d, "
                            + "sparsity %.3f (%.0f s)%n", nd[0], n, seed, o.testAccuracy(),
                            o.usage().meanGroupsUsed(), s.basis().groups(), o.usage().sparsity(),
                            (System.nanoTime() - started) / 1e9);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("protocol", protocol);
                    out.put("runs", runs);
                    Path tmp = outFile.resolveSibling(outFile.getFileName() + ".tmp");
                    Files.write(tmp, json.writeValueAsBytes(out));
                    Files.move(tmp, outFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static boolean done(List<Object> runs, String data, long n, long seed, double lambda) {
        return runs.stream().map(JsonNode.class::cast).anyMatch(r -> r.get("data").asString().equals(data)
                && r.get("basisSize").asLong() == n && r.get("seed").asLong() == seed
                && r.get("lambda").asDouble() == lambda);
    }

    static BasisNSettings settings(int n, double lambda, int epochs, long seed, int threads) {
        CrossbarGeometry crossbar = new CrossbarGeometry(ROWS, 2, 8, false);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(64)
                .withOptimizer(TrainingConfig.OptimizerKind.ADAM, 0.002).withSchedule(TrainingConfig.Schedule.COSINE, 0)
                .withSeed(seed).withThreads(threads);
        return new BasisNSettings(BasisNSettings.Mode.FROM_SCRATCH,
                new BasisConfig(ROWS, n, COEFF_BITS, Math.min(n, crossbar.basisCrossbars(n))), crossbar,
                BasisQuantization.NONE, BasisInit.SVD, lambda, GroupLasso.Weighting.ORDERED,
                BasisNSettings.Solver.PROXIMAL, 0, 0, config);
    }

    static BasisNRun pipeline(BasisNSettings s, Samples tr, Samples va, Samples te, String data, long seed) {
        return new BasisNRun(s, tr, va, te, new BasisNRun.Sink() {
            @Override
            public void epoch(String phase, EpochMetrics m, Map<String, Double> extra, TrainingCheckpoint cp,
                    Map<String, Object> meta) {
                System.out.printf(Locale.ROOT, "  [%s N=%d seed %d %s] epoch %d val_acc %.4f %s %.0f s%n", data,
                        s.basis().size(), seed, phase, m.epoch(), m.valAcc(), extra, m.seconds());
            }

            @Override
            public void step(String phase, int epoch, int batch, int batches) {
            }
        });
    }

    static List<Long> longs(String csv) {
        List<Long> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Long.parseLong(s.trim()));
        }
        return out;
    }
}
