import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.DataSplit;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.NonFiniteLossException;
import org.imclab.common.stats.BenchStatistics;
import org.imclab.pruning.pruning.FineTuneSettings;
import org.imclab.pruning.pruning.FineTuning;
import org.imclab.pruning.pruning.ModelEvaluation;
import org.imclab.pruning.pruning.NormalizedImages;
import org.imclab.pruning.pruning.PruningCriterion;
import org.imclab.pruning.pruning.PruningLoop;
import org.imclab.pruning.pruning.PruningSettings;
import org.imclab.pruning.pruning.PruningState;
import org.imclab.pruning.pruning.RemovalRule;
import org.imclab.pruning.pruning.ResidualMode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Class-aware pruning with the paper's own protocol (docs/pruning.md): per data set and seed a VGG with batchnorm
 * is trained; then CAP (CLASS_AWARE, and the released code's CLASS_AWARE_BINARY) prunes with the rule alone
 * (n_f &lt; kMin, no MAC target), fine-tuning with L1 and orthogonality on after every iteration, until no filter
 * qualifies or validation accuracy falls more than {@code drop} below the unpruned model's. Each baseline (L1
 * ranked globally and per layer, random, Taylor) is then driven to the MAC reduction CAP reached on that seed, with
 * the same per-iteration limits and fine-tuning. Ablations run CAP for other τ and kMin. Raw JSON and a table
 * with n, mean ± std and paired bootstrap 95 % intervals of (CAP − baseline).
 *
 * <pre>
 * java -cp CP bench/pruning/CapProtocolStudy.java OUT_PREFIX data=name:dir[,..] key=value ...
 *   keys: seeds=1,2,3,4,5 vgg=32,M,64,M,128,M baseEpochs=3 train=60000 test=10000 ftSamples=12800 maxIterations=10
 *         tau=0.1 kMin=2 fraction=0.2 drop=0.02 ablateTaus=0.05,0.2 ablateKMins=1,3 baselines=true
 * java -cp CP bench/pruning/CapProtocolStudy.java render OUT_PREFIX [SEEDS]   (table from the raw JSON)
 * </pre>
 */
public class CapProtocolStudy {

    static Map<String, String> kv = new LinkedHashMap<>();
    static Path prefix;
    static long started = System.nanoTime();

    /** Adds a finished run and rewrites the raw JSON, so an interrupted study keeps what it finished. */
    static void add(List<Map<String, Object>> runs, Map<String, Object> run) throws Exception {
        runs.add(run);
        save(runs, false);
    }

    static void save(List<Map<String, Object>> runs, boolean complete) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", new LinkedHashMap<>(kv));
        out.put("complete", complete);
        out.put("runs", runs);
        out.put("seconds", (System.nanoTime() - started) / 1e9);
        Files.write(Path.of(prefix + ".json"), JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsBytes(out));
        // The table too, so that a study stopped early leaves a table of what it finished (each row says its n).
        Files.writeString(Path.of(prefix + ".md"), (complete ? "" : "(incomplete: the study was still running)\n\n")
                + table(runs) + "\n" + perClassTable(runs));
    }

    static String opt(String key, String dflt) {
        return kv.getOrDefault(key, dflt);
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("render")) {
            render(Path.of(args[1]), args.length > 2 ? args[2] : null);
            return;
        }
        prefix = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        String vgg = opt("vgg", "32,M,64,M,128,M");
        int train = Integer.parseInt(opt("train", "60000"));
        int test = Integer.parseInt(opt("test", "10000"));
        FineTuneSettings base = new FineTuneSettings(Integer.parseInt(opt("baseEpochs", "3")), 0, 128, 0.02, 0.9, 1e-4, 0,
                0);
        FineTuneSettings tune = new FineTuneSettings(1, Integer.parseInt(opt("ftSamples", "12800")), 128, 0.01, 0.9, 5e-4,
                FineTuneSettings.PAPER_L1, FineTuneSettings.PAPER_ORTH);
        for (String entry : opt("data", "").split(",")) {
            String[] nd = entry.split(":", 2);
            Path dir = Path.of(nd[1]);
            ImageDataset trainRaw = IdxReader.readSplit(dir, "train").subset(IntStream.range(0, train).toArray());
            ImageDataset testRaw = IdxReader.readSplit(dir, "t10k").subset(IntStream.range(0, test).toArray());
            ChannelStats stats = ChannelStats.of(trainRaw);
            NormalizedImages tr = new NormalizedImages(trainRaw, stats.mean(), stats.std());
            NormalizedImages te = new NormalizedImages(testRaw, stats.mean(), stats.std());
            ModelSpec spec = ModelZoo.vgg(vgg, new int[] {1, 28, 28}, 10, true);
            for (String s : opt("seeds", "1,2,3,4,5").split(",")) {
                long seed = Long.parseLong(s.trim());
                byte[] weights = trainBase(spec, tr, te, base, seed);
                double tau = Double.parseDouble(opt("tau", "0.1"));
                int kMin = Integer.parseInt(opt("kMin", "2"));
                Map<String, Object> cap = null;
                for (PruningCriterion c : List.of(PruningCriterion.CLASS_AWARE, PruningCriterion.CLASS_AWARE_BINARY)) {
                    Map<String, Object> r = prune(nd[0], seed, "protocol", c, tau, kMin, null, spec, weights, tr, te, tune);
                    add(runs, r);
                    cap = c == PruningCriterion.CLASS_AWARE ? r : cap;
                }
                double reached = (Double) cap.get("macReduction");
                // baselines=false: an ablation-only run (the matched baselines come from the main run).
                List<PruningCriterion> baselines = Boolean.parseBoolean(opt("baselines", "true")) ? List.of(
                        PruningCriterion.L1_NORM, PruningCriterion.L1_NORM_PER_LAYER, PruningCriterion.RANDOM,
                        PruningCriterion.TAYLOR) : List.of();
                for (PruningCriterion c : baselines) {
                    add(runs, reached < 0.005 ? skipped(nd[0], seed, c)
                            : prune(nd[0], seed, "matched", c, tau, kMin, reached, spec, weights, tr, te, tune));
                }
                for (String t : opt("ablateTaus", "").split(",")) {
                    if (!t.isBlank()) {
                        add(runs, prune(nd[0], seed, "ablation-tau", PruningCriterion.CLASS_AWARE, Double.parseDouble(t),
                                kMin, null, spec, weights, tr, te, tune));
                    }
                }
                for (String k : opt("ablateKMins", "").split(",")) {
                    if (!k.isBlank()) {
                        add(runs, prune(nd[0], seed, "ablation-kMin", PruningCriterion.CLASS_AWARE, tau,
                                Integer.parseInt(k), null, spec, weights, tr, te, tune));
                    }
                }
            }
        }
        save(runs, true);
        System.out.println(Files.readString(Path.of(prefix + ".md")));
    }

    /**
     * {@code render PREFIX [1,2,3]}: rewrites the prefix's .md table from its .json, keeping only the listed seeds when given
     * (the seeds a stopped study finished completely), and says which seeds the table holds.
     */
    @SuppressWarnings("unchecked")
    static void render(Path at, String seeds) throws Exception {
        Map<String, Object> raw = JsonMapper.builder().build().readValue(Files.readAllBytes(Path.of(at + ".json")),
                Map.class);
        List<String> keep = seeds == null ? null : List.of(seeds.split(","));
        List<Map<String, Object>> runs = ((List<Map<String, Object>>) raw.get("runs")).stream()
                .filter(r -> keep == null || keep.contains(String.valueOf(r.get("seed")))).toList();
        String head = Boolean.TRUE.equals(raw.get("complete")) && keep == null ? ""
                : "Rendered from the raw JSON" + (keep == null ? " of a study stopped early" : ", seeds " + seeds
                        + " only (the seeds the study finished completely)") + ".\n\n";
        Files.writeString(Path.of(at + ".md"), head + table(runs) + "\n" + perClassTable(runs));
        System.out.println(Files.readString(Path.of(at + ".md")));
    }

    static byte[] trainBase(ModelSpec spec, NormalizedImages tr, NormalizedImages te, FineTuneSettings base, long seed)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed((int) seed);
            SpecBlock block = new DjlModelBuilder().build(spec);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            // The base model trains on the part PruningLoop keeps for training (same seeded stratified cut), so the
            // validation images the accuracy floor is checked on are unseen by it.
            int[] fit = DataSplit.stratified(tr.data().labels(), 1 - PruningLoop.VALIDATION_FRACTION, 0, seed).train();
            FineTuning.run(block, tr.subset(fit), base, seed, m, (step, total, loss) -> { });
            System.out.printf(Locale.ROOT, "base seed %d: test %.4f%n", seed, ModelEvaluation.accuracy(block, te, m));
            return SpecWeights.toBytes(block);
        }
    }

    static Map<String, Object> prune(String data, long seed, String role, PruningCriterion c, double tau, int kMin,
            Double target, ModelSpec spec, byte[] weights, NormalizedImages tr, NormalizedImages te, FineTuneSettings tune)
            throws Exception {
        long t0 = System.nanoTime();
        int iterations = Integer.parseInt(opt("maxIterations", "10"));
        PruningSettings settings = new PruningSettings(c, tau, new RemovalRule(kMin,
                Double.parseDouble(opt("fraction", "0.2")), 2), ResidualMode.COUPLED, 32, null, target,
                target == null ? iterations : 100, tune, seed);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PruningState start = new PruningLoop(settings, tr, te, m).start(spec, weights);
            // CAP's floor: validation accuracy at most `drop` below the unpruned model's; baselines match MACs, no floor.
            Double floor = target == null ? start.originalValidationAccuracy() - Double.parseDouble(opt("drop", "0.02"))
                    : null;
            PruningLoop loop = new PruningLoop(settings.withAccuracyFloor(floor), tr, te, m);
            PruningState[] lastDone = {start};
            PruningState end;
            try {
                end = loop.run(start, (r, i, s) -> {
                    lastDone[0] = s;
                    System.out.printf(Locale.ROOT, "  %s %s it %d: MACs -%.3f, val %.4f, test %.4f%s%n", role, c,
                            r.iteration(), r.macReduction(), r.validationAccuracy(), r.accuracyAfterFineTuning(),
                            r.accepted() ? "" : " (dropped)");
                }, new PruningLoop.Progress() {
                    @Override
                    public void checkCancelled() {
                    }

                    @Override
                    public void report(double fraction, String step) {
                    }
                });
            } catch (NonFiniteLossException e) {
                // Fine-tuning a heavily pruned model can diverge (first seen at -80 % MACs on full MNIST). The
                // protocol then stops, as at the accuracy floor, and keeps the last model an iteration finished.
                end = lastDone[0].finished("fine-tuning diverged: " + e.getMessage());
                System.out.printf(Locale.ROOT, "  %s %s: %s%n", role, c, end.stopReason());
            }
            var last = end.history().stream().filter(r -> r.accepted()).reduce((a, b) -> b);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("data", data);
            r.put("seed", seed);
            r.put("role", role);
            r.put("method", c.name());
            r.put("tau", tau);
            r.put("kMin", kMin);
            r.put("target", target);
            r.put("unprunedTest", start.originalAccuracy());
            r.put("unprunedValidation", start.originalValidationAccuracy());
            r.put("testAccuracy", last.map(x -> x.accuracyAfterFineTuning()).orElse(start.originalAccuracy()));
            r.put("validationAccuracy", last.map(x -> x.validationAccuracy()).orElse(start.originalValidationAccuracy()));
            r.put("macReduction", last.map(x -> x.macReduction()).orElse(0.0));
            r.put("params", last.map(x -> x.params()).orElse(start.originalParams()));
            r.put("channels", last.map(x -> (Object) x.channels()).orElse(Map.of()));
            // Per-class test accuracy of the unpruned and the final (last accepted) model: the non-circular check of
            // "CAP keeps what many classes need" is whether its accuracy loss is spread more evenly over classes.
            r.put("unprunedPerClass", perClass(start, te, m));
            r.put("perClassTest", perClass(end, te, m));
            r.put("iterations", end.iteration());
            r.put("stopReason", end.stopReason());
            r.put("seconds", (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "%s seed %d %s %s: test %.4f, MACs -%.3f, %d iterations, %s%n", data, seed, role,
                    c, r.get("testAccuracy"), r.get("macReduction"), end.iteration(), end.stopReason());
            return r;
        }
    }

    static double[] perClass(PruningState s, NormalizedImages te, NDManager manager) throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            return Evaluation.run(PruningLoop.load(s.spec(), s.weights(), scope), scope, te.samples(),
                    ModelEvaluation.BATCH).perClass();
        }
    }

    /** CAP removed nothing on this seed: there is no compression to match. */
    static Map<String, Object> skipped(String data, long seed, PruningCriterion c) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("data", data);
        r.put("seed", seed);
        r.put("role", "matched");
        r.put("method", c.name());
        r.put("stopReason", "skipped: CAP removed nothing");
        return r;
    }

    static String table(List<Map<String, Object>> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| data | role | method | τ | kMin | n | MACs removed, % | test accuracy, % | Δ test vs CAP [95% CI] |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        List<String> keys = runs.stream().filter(r -> r.containsKey("testAccuracy"))
                .map(r -> r.get("data") + "|" + r.get("role") + "|" + r.get("method") + "|" + r.get("tau") + "|"
                        + r.get("kMin")).distinct().toList();
        for (String k : keys) {
            String[] p = k.split("\\|");
            List<Map<String, Object>> rs = runs.stream().filter(r -> r.containsKey("testAccuracy") && k.equals(
                    r.get("data") + "|" + r.get("role") + "|" + r.get("method") + "|" + r.get("tau") + "|" + r.get("kMin")))
                    .toList();
            double[] acc = rs.stream().mapToDouble(r -> (Double) r.get("testAccuracy")).toArray();
            double[] macs = rs.stream().mapToDouble(r -> (Double) r.get("macReduction")).toArray();
            String delta = "—";
            if (p[1].equals("matched")) {
                double[] cap = rs.stream().mapToDouble(r -> capAccuracy(runs, r)).toArray();
                BenchStatistics.PairedDifference d = BenchStatistics.pairedBootstrap(acc, cap, 1);
                delta = String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", 100 * d.meanDifference(), 100 * d.low(),
                        100 * d.high());
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %.1f ± %.1f | %.2f ± %.2f | %s |%n", p[0],
                    p[1], p[2], p[3], p[4], acc.length, 100 * BenchStatistics.mean(macs), 100 * BenchStatistics.std(macs),
                    100 * BenchStatistics.mean(acc), 100 * BenchStatistics.std(acc), delta));
        }
        return sb.toString();
    }

    /**
     * Per-class test accuracy drop (unpruned − pruned, points) per run: mean over classes, the worst class, and the
     * spread (std over the classes). Δ spread = baseline − CAP, paired over seeds: positive means the baseline's
     * loss is less even over the classes than CAP's.
     */
    static String perClassTable(List<Map<String, Object>> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| data | role | method | τ | kMin | n | mean drop, points | worst-class drop, points |"
                + " spread of drop over classes (std), points | Δ spread vs CAP [95% CI] |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> measured = runs.stream().filter(r -> r.containsKey("perClassTest")).toList();
        List<String> keys = measured.stream().map(CapProtocolStudy::key).distinct().toList();
        for (String k : keys) {
            String[] p = k.split("\\|");
            List<Map<String, Object>> rs = measured.stream().filter(r -> k.equals(key(r))).toList();
            double[] mean = rs.stream().mapToDouble(r -> BenchStatistics.mean(drops(r))).toArray();
            double[] worst = rs.stream().mapToDouble(r -> java.util.Arrays.stream(drops(r)).max().orElseThrow())
                    .toArray();
            double[] spread = rs.stream().mapToDouble(r -> BenchStatistics.std(drops(r))).toArray();
            String delta = "—";
            if (p[1].equals("matched")) {
                double[] cap = rs.stream().mapToDouble(r -> BenchStatistics.std(drops(capRun(measured, r)))).toArray();
                BenchStatistics.PairedDifference d = BenchStatistics.pairedBootstrap(spread, cap, 1);
                delta = String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", d.meanDifference(), d.low(), d.high());
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %.2f ± %.2f | %.2f ± %.2f |"
                    + " %.2f ± %.2f | %s |%n", p[0], p[1], p[2], p[3], p[4], rs.size(), BenchStatistics.mean(mean),
                    BenchStatistics.std(mean), BenchStatistics.mean(worst), BenchStatistics.std(worst),
                    BenchStatistics.mean(spread), BenchStatistics.std(spread), delta));
        }
        return sb.toString();
    }

    static String key(Map<String, Object> r) {
        return r.get("data") + "|" + r.get("role") + "|" + r.get("method") + "|" + r.get("tau") + "|" + r.get("kMin");
    }

    /** Unpruned − pruned test accuracy per class, in points. */
    static double[] drops(Map<String, Object> r) {
        double[] before = doubles(r.get("unprunedPerClass"));
        double[] after = doubles(r.get("perClassTest"));
        double[] d = new double[before.length];
        for (int c = 0; c < d.length; c++) {
            d[c] = 100 * (before[c] - after[c]);
        }
        return d;
    }

    /** A per-class vector as the study holds it (double[]) or as it reads back from the raw JSON (a list). */
    static double[] doubles(Object v) {
        return v instanceof double[] d ? d : ((List<?>) v).stream().mapToDouble(x -> ((Number) x).doubleValue())
                .toArray();
    }

    static Map<String, Object> capRun(List<Map<String, Object>> runs, Map<String, Object> baseline) {
        return runs.stream().filter(r -> r.get("data").equals(baseline.get("data")) && r.get("seed").equals(baseline.get(
                "seed")) && r.get("role").equals("protocol") && r.get("method").equals("CLASS_AWARE")).findFirst()
                .orElseThrow();
    }

    static double capAccuracy(List<Map<String, Object>> runs, Map<String, Object> baseline) {
        return runs.stream().filter(r -> r.get("data").equals(baseline.get("data")) && r.get("seed").equals(baseline.get(
                "seed")) && r.get("role").equals("protocol") && r.get("method").equals("CLASS_AWARE"))
                .mapToDouble(r -> (Double) r.get("testAccuracy")).findFirst().orElseThrow();
    }
}
