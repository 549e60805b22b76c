import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.pruning.pruning.FineTuneSettings;
import org.imclab.pruning.pruning.FineTuning;
import org.imclab.pruning.pruning.IterationReport;
import org.imclab.pruning.pruning.ModelEvaluation;
import org.imclab.pruning.pruning.NormalizedImages;
import org.imclab.pruning.pruning.PruningCriterion;
import org.imclab.pruning.pruning.PruningLoop;
import org.imclab.pruning.pruning.PruningSettings;
import org.imclab.pruning.pruning.PruningState;
import org.imclab.pruning.pruning.RemovalRule;
import org.imclab.pruning.pruning.ResidualMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The class-aware pruning study on MNIST (docs/pruning.md): a VGG with batchnorm after every conv is trained
 * per seed, then pruned one-shot to each MAC target by each criterion with the same fine-tuning budget, and
 * the pruned models' DJL inference time is measured against the unpruned one.
 *
 * <p>Args: mnistDir outDir phase [options]. Phases: {@code train} (base models), {@code probe} (class-count
 * distribution of the first base model for several τ), {@code prune} (the comparison), {@code bench}
 * (inference time), {@code columns} (per-class scale of I per seed), {@code report} (results.md from
 * results.jsonl). Every finished run is appended to
 * outDir/results.jsonl and skipped when the harness is started again, so the study survives interruptions.
 */
public class PruningStudy {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String VGG = "32,M,64,M,128,M";
    /** Seeds of the pruning runs: importance samples, random scores and fine-tuning order. */
    static final int[] SEEDS = {1, 2, 3};
    static final double[] TARGETS = {0.5, 0.7, 0.85, 0.9};
    /** The one-shot comparison's methods (CLASS_AWARE_BINARY and L1_NORM_PER_LAYER run in CapProtocolStudy). */
    static final PruningCriterion[] METHODS = {PruningCriterion.CLASS_AWARE, PruningCriterion.L1_NORM,
            PruningCriterion.RANDOM, PruningCriterion.TAYLOR};

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    /**
     * Seeds of the base models; pruning seed i starts from base model i mod their count, so the spread over
     * seeds includes the base model's. STUDY_BASE_SEEDS=1 is the cheaper one-base-model variant.
     */
    static final int[] BASE_SEEDS = Arrays.stream(env("STUDY_BASE_SEEDS", "1,2,3").split(",")).mapToInt(Integer::parseInt)
            .toArray();
    static final FineTuneSettings BASE_TRAINING = new FineTuneSettings(Integer.parseInt(env("STUDY_BASE_EPOCHS", "3")),
            0, 128, Double.parseDouble(env("STUDY_BASE_LR", "0.02")), 0.9, 1e-4, 0, 0);

    // Constants of the comparison, fixed before it ran (see docs/pruning.md).
    static final double TAU = Double.parseDouble(env("STUDY_TAU", "0.1"));
    static final int SAMPLES_PER_CLASS = Integer.parseInt(env("STUDY_SAMPLES_PER_CLASS", "64"));
    static final int MIN_CHANNELS = 2;
    static final FineTuneSettings FINE_TUNE = new FineTuneSettings(
            Integer.parseInt(env("STUDY_FT_EPOCHS", "1")), Integer.parseInt(env("STUDY_FT_SAMPLES", "12800")), 128, 0.01,
            0.9, 5e-4, 0, 0);

    public static void main(String[] args) throws Exception {
        Path mnist = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String phase = args[2];
        Files.createDirectories(out);
        ImageDataset trainRaw = IdxReader.readSplit(mnist, "train");
        ImageDataset testRaw = IdxReader.readSplit(mnist, "t10k");
        ChannelStats stats = ChannelStats.of(trainRaw);
        NormalizedImages train = new NormalizedImages(trainRaw, stats.mean(), stats.std());
        NormalizedImages test = new NormalizedImages(testRaw, stats.mean(), stats.std());
        ModelSpec spec = ModelZoo.vgg(VGG, new int[] {1, 28, 28}, 10, true);
        log("MNIST train %d, test %d; model %s: %d params, %d MACs; engine %s %s, threads %s", train.size(),
                test.size(), VGG, SpecAnalysis.analyze(spec).totalParams(), SpecAnalysis.analyze(spec).totalMacs(),
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        switch (phase) {
            case "train" -> train(spec, train, test, out);
            case "probe" -> probe(spec, train, test, out);
            case "prune" -> prune(spec, train, test, out, args.length > 3 ? args[3] : null);
            case "bench" -> bench(test, out);
            case "columns" -> columns(spec, train, out);
            case "report" -> report(out);
            default -> throw new IllegalArgumentException("phase must be train, probe, prune, bench, columns or report");
        }
    }

    static void log(String format, Object... args) {
        System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static Path basePath(Path out, int seed) {
        return out.resolve("base-seed" + seed + ".params");
    }

    /** One base model per seed, trained with the pruning package's SGD loop (3 epochs, cosine, batch 128). */
    static void train(ModelSpec spec, NormalizedImages train, NormalizedImages test, Path out) throws Exception {
        for (int seed : BASE_SEEDS) {
            Path file = basePath(out, seed);
            if (Files.exists(file)) {
                continue;
            }
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                Engine.getInstance().setRandomSeed(seed);
                SpecBlock block = new DjlModelBuilder().build(spec);
                block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                long t0 = System.nanoTime();
                FineTuning.run(block, train, BASE_TRAINING, seed, m, (step, total, loss) -> {
                    if (step % 100 == 0) {
                        log("seed %d step %d/%d loss %.4f", seed, step, total, loss);
                    }
                });
                double acc = ModelEvaluation.accuracy(block, test, m);
                double secs = (System.nanoTime() - t0) / 1e9;
                log("base seed %d: test accuracy %.4f after %.0f s (%d epochs, lr %.3g)", seed, acc, secs,
                        BASE_TRAINING.epochs(), BASE_TRAINING.learningRate());
                Files.write(file, SpecWeights.toBytes(block));
                append(out.resolve("base.jsonl"), Map.of("seed", seed, "accuracy", acc, "seconds", secs,
                        "epochs", BASE_TRAINING.epochs(), "learningRate", BASE_TRAINING.learningRate()));
            }
        }
    }

    /** How n_f spreads for several τ on the first base model (informs the τ fixed for the comparison). */
    static void probe(ModelSpec spec, NormalizedImages train, NormalizedImages test, Path out) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningLoop.load(spec, Files.readAllBytes(basePath(out, BASE_SEEDS[0])), m);
            var groups = org.imclab.pruning.pruning.FilterGroups.of(spec, ResidualMode.COUPLED);
            var matrix = org.imclab.pruning.pruning.ClassImportance.compute(block, groups, train, SAMPLES_PER_CLASS,
                    SEEDS[0], m);
            Map<String, Object> probe = new LinkedHashMap<>();
            for (double tau : new double[] {0.02, 0.05, 0.1, 0.2, 0.3, 0.5}) {
                Map<String, int[]> hist = new LinkedHashMap<>();
                for (var g : groups) {
                    int[] n = org.imclab.pruning.pruning.FilterClassCount.of(matrix.of(g.name()), tau);
                    int[] h = new int[11];
                    for (int v : n) {
                        h[v]++;
                    }
                    hist.put(g.name(), h);
                }
                probe.put(Double.toString(tau), hist);
                log("tau %.2f: %s", tau, hist.entrySet().stream().map(e -> e.getKey() + "=" + Arrays.toString(e.getValue()))
                        .toList());
            }
            Files.writeString(out.resolve("probe.json"), JSON.writeValueAsString(probe));
        }
    }

    /**
     * Per pruning seed and layer, the largest raw importance of each class (before the layer normalisation),
     * and n_f at τ: shows how one class column can set a layer's scale.
     */
    static void columns(ModelSpec spec, NormalizedImages train, Path out) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningLoop.load(spec, Files.readAllBytes(basePath(out, BASE_SEEDS[0])), m);
            var groups = org.imclab.pruning.pruning.FilterGroups.of(spec, ResidualMode.COUPLED);
            for (int seed : SEEDS) {
                // The same sample seed PruningLoop uses in iteration 1.
                long sampleSeed = seed * 1_000_003L + 1;
                var matrix = org.imclab.pruning.pruning.ClassImportance.compute(block, groups, train, SAMPLES_PER_CLASS,
                        sampleSeed, m);
                Map<String, Object> perLayer = new LinkedHashMap<>();
                for (var g : groups) {
                    double[][] v = matrix.of(g.name());
                    double[] colMax = new double[v[0].length];
                    for (double[] row : v) {
                        for (int c = 0; c < row.length; c++) {
                            colMax[c] = Math.max(colMax[c], row[c]);
                        }
                    }
                    int[] n = org.imclab.pruning.pruning.FilterClassCount.of(v, TAU);
                    perLayer.put(g.name(), Map.of("classColumnMax", colMax, "meanClassCount",
                            Arrays.stream(n).average().orElse(0)));
                    log("seed %d %s: column max per class %s, mean n_f %.2f", seed, g.name(), Arrays.toString(
                            Arrays.stream(colMax).map(x -> Math.round(x * 1000) / 1000.0).toArray()),
                            Arrays.stream(n).average().orElse(0));
                }
                all.put(Integer.toString(seed), perLayer);
            }
        }
        Files.writeString(out.resolve("columns.json"), JSON.writeValueAsString(all));
    }

    static String key(PruningCriterion c, double target, int seed) {
        return c + "/" + target + "/" + seed;
    }

    static Map<String, JsonNode> done(Path out) throws IOException {
        Map<String, JsonNode> done = new LinkedHashMap<>();
        Path f = out.resolve("results.jsonl");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    done.put(n.get("key").asString(), n);
                }
            }
        }
        return done;
    }

    /** The comparison: every method × target × seed, one-shot to the target, then the same fine-tuning. */
    static void prune(ModelSpec spec, NormalizedImages train, NormalizedImages test, Path out, String only)
            throws Exception {
        Map<String, JsonNode> done = done(out);
        Map<Integer, double[]> unpruned = new TreeMap<>();
        for (int k = 0; k < SEEDS.length; k++) {
            int seed = SEEDS[k];
            int baseSeed = BASE_SEEDS[k % BASE_SEEDS.length];
            // Read when a run needs it: a resumed study whose runs from this base are all done needs no file.
            byte[] base = null;
            for (double target : TARGETS) {
                for (PruningCriterion c : METHODS) {
                    String key = key(c, target, seed);
                    if (done.containsKey(key) || only != null && !c.name().equals(only)) {
                        continue;
                    }
                    // maxFractionPerIteration 1: one shot to the target, limited only by minChannels, so every
                    // method gets exactly one pruning step and one fine-tuning budget.
                    if (base == null) {
                        base = Files.readAllBytes(basePath(out, baseSeed));
                    }
                    PruningSettings settings = new PruningSettings(c, TAU, new RemovalRule(1, 1.0, MIN_CHANNELS),
                            ResidualMode.COUPLED, SAMPLES_PER_CLASS, null, target, 1, FINE_TUNE, seed);
                    long t0 = System.nanoTime();
                    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                        PruningLoop loop = new PruningLoop(settings, train, test, m);
                        // The unpruned model is evaluated once per base model, not once per run.
                        if (!unpruned.containsKey(baseSeed)) {
                            PruningState s0 = loop.start(spec, base);
                            unpruned.put(baseSeed, new double[] {s0.originalAccuracy(), s0.originalValidationAccuracy()});
                        }
                        var a0 = SpecAnalysis.analyze(spec);
                        PruningState start = new PruningState(0, spec, base, unpruned.get(baseSeed)[0],
                                unpruned.get(baseSeed)[1], a0.totalParams(), a0.totalMacs(), List.of(), null);
                        PruningState end = loop.run(start, (r, i, s) -> { }, new PruningLoop.Progress() {
                            @Override
                            public void checkCancelled() {
                            }

                            @Override
                            public void report(double fraction, String step) {
                            }
                        });
                        IterationReport r = end.history().get(0);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("key", key);
                        row.put("method", c.name());
                        row.put("target", target);
                        row.put("seed", seed);
                        row.put("baseSeed", baseSeed);
                        row.put("unpruned", start.originalAccuracy());
                        row.put("afterPruning", r.accuracyAfterPruning());
                        row.put("afterFineTuning", r.accuracyAfterFineTuning());
                        row.put("macReduction", r.macReduction());
                        row.put("params", r.params());
                        row.put("originalParams", start.originalParams());
                        row.put("macs", r.macs());
                        row.put("channels", r.channels());
                        row.put("removedClassCounts", r.removedClassCounts());
                        row.put("keptClassCounts", r.keptClassCounts());
                        row.put("seconds", (System.nanoTime() - t0) / 1e9);
                        append(out.resolve("results.jsonl"), row);
                        Files.writeString(out.resolve("model-" + c + "-" + target + "-" + seed + ".json"),
                                end.spec().toJson());
                        if (seed == SEEDS[0]) {
                            Files.write(out.resolve("model-" + c + "-" + target + "-" + seed + ".params"), end.weights());
                        }
                        log("%s: MACs -%.3f, params %d, acc %.4f → pruned %.4f → tuned %.4f, n_f removed %.2f kept %.2f "
                                + "(%.0f s)", key, r.macReduction(), r.params(), start.originalAccuracy(),
                                r.accuracyAfterPruning(), r.accuracyAfterFineTuning(), r.meanRemovedClassCount(),
                                r.meanKeptClassCount(), (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
        }
    }

    /**
     * DJL inference time of the unpruned and the class-aware pruned models (seed 1) on the 10k test images,
     * batch 256 and batch 1, interleaved rounds, median of the rounds.
     */
    static void bench(NormalizedImages test, Path out) throws Exception {
        ModelSpec spec = ModelZoo.vgg(VGG, new int[] {1, 28, 28}, 10, true);
        Map<String, Object[]> models = new LinkedHashMap<>();
        models.put("unpruned", new Object[] {spec, Files.readAllBytes(basePath(out, BASE_SEEDS[0]))});
        for (double t : TARGETS) {
            String name = "model-CLASS_AWARE-" + t + "-" + SEEDS[0];
            models.put("class-aware " + (int) Math.round(t * 100) + "%", new Object[] {
                    ModelSpec.fromJson(Files.readString(out.resolve(name + ".json"))),
                    Files.readAllBytes(out.resolve(name + ".params"))});
        }
        int rounds = Integer.parseInt(env("STUDY_BENCH_ROUNDS", "11"));
        int singles = Integer.parseInt(env("STUDY_BENCH_SINGLES", "100"));
        int images = Integer.parseInt(env("STUDY_BENCH_IMAGES", "2048"));
        Map<String, List<Double>> batchMs = new LinkedHashMap<>();
        Map<String, List<Double>> singleMs = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, SpecBlock> blocks = new LinkedHashMap<>();
            for (var e : models.entrySet()) {
                blocks.put(e.getKey(), PruningLoop.load((ModelSpec) e.getValue()[0], (byte[]) e.getValue()[1], m));
            }
            int[] all = java.util.stream.IntStream.range(0, Math.min(images, test.size())).toArray();
            for (int round = -1; round < rounds; round++) {
                for (var e : blocks.entrySet()) {
                    double full = time(e.getValue(), test, all, 256, m);
                    double one = time(e.getValue(), test, Arrays.copyOf(all, singles), 1, m);
                    if (round >= 0) {
                        batchMs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(full);
                        singleMs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(one / singles);
                    }
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var e : models.entrySet()) {
            ModelSpec s = (ModelSpec) e.getValue()[0];
            var a = SpecAnalysis.analyze(s);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", e.getKey());
            row.put("params", a.totalParams());
            row.put("macs", a.totalMacs());
            row.put("weightBytes", ((byte[]) e.getValue()[1]).length);
            row.put("images", all(images, test));
            row.put("msBatch256", median(batchMs.get(e.getKey())));
            row.put("msPerImageBatch1", median(singleMs.get(e.getKey())));
            rows.add(row);
            log("%s: %d params, %d MACs, %d test images at batch 256: %.1f ms, batch 1: %.3f ms/image", e.getKey(),
                    a.totalParams(), a.totalMacs(), all(images, test), median(batchMs.get(e.getKey())),
                    median(singleMs.get(e.getKey())));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rounds", rounds);
        result.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
        result.put("uptime", uptime());
        result.put("models", rows);
        Files.writeString(out.resolve("bench.json"), JSON.writeValueAsString(result));
    }

    static int all(int images, NormalizedImages test) {
        return Math.min(images, test.size());
    }

    static String uptime() {
        try {
            return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unavailable";
        }
    }

    static double time(SpecBlock block, NormalizedImages data, int[] idx, int batch, NDManager m) {
        long t0 = System.nanoTime();
        for (int from = 0; from < idx.length; from += batch) {
            int[] part = Arrays.copyOfRange(idx, from, Math.min(idx.length, from + batch));
            try (NDManager scope = m.newSubManager()) {
                NDArray x = data.batch(scope, part);
                NDArray y = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                y.toFloatArray();
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static synchronized void append(Path file, Map<String, ?> row) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(row) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static double[] meanStd(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return new double[] {mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0};
    }

    static String pm(List<Double> v, double scale) {
        double[] ms = meanStd(v);
        return String.format(Locale.ROOT, "%.2f ± %.2f", ms[0] * scale, ms[1] * scale);
    }

    /** results.md: tables of mean ± std over seeds, class counts, and the inference benchmark. */
    static void report(Path out) throws IOException {
        Map<String, JsonNode> rows = done(out);
        StringBuilder md = new StringBuilder();
        md.append("# Class-aware pruning study: MNIST, VGG (").append(VGG).append(") with BN after every conv\n\n");
        md.append("Generated by `bench/pruning/run.sh` (PruningStudy.java) from `results.jsonl`.\n\n");
        List<Double> base = new ArrayList<>();
        Path basefile = out.resolve("base.jsonl");
        if (Files.exists(basefile)) {
            for (String l : Files.readAllLines(basefile)) {
                if (!l.isBlank()) {
                    base.add(JSON.readTree(l).get("accuracy").asDouble());
                }
            }
        }
        md.append(String.format(Locale.ROOT, "Unpruned test accuracy (base model seeds %s, %d epochs): %s %% "
                + "(per seed: %s)%n%nPruning seeds %s (importance samples, random scores, fine-tuning order) start from "
                + "base model number i mod %d.%n%n", Arrays.toString(BASE_SEEDS), BASE_TRAINING.epochs(), pm(base, 100),
                base.stream().map(v -> String.format(Locale.ROOT, "%.2f", v * 100)).toList(), Arrays.toString(SEEDS),
                BASE_SEEDS.length));
        md.append(String.format(Locale.ROOT, "τ = %.2f, %d samples per class, minChannels %d, one-shot to the target, "
                + "fine-tuning %d epoch(s) over %s training samples, SGD lr %.3g momentum 0.9, cosine, batch %d.%n%n", TAU,
                SAMPLES_PER_CLASS, MIN_CHANNELS, FINE_TUNE.epochs(), FINE_TUNE.samplesPerEpoch() == 0 ? "all 60000"
                        : Integer.toString(FINE_TUNE.samplesPerEpoch()), FINE_TUNE.learningRate(), FINE_TUNE.batchSize()));
        for (String what : List.of("afterPruning", "afterFineTuning")) {
            md.append(what.equals("afterPruning") ? "## Test accuracy right after pruning (before fine-tuning), %\n\n"
                    : "## Test accuracy after fine-tuning, %\n\n");
            md.append("| method |");
            for (double t : TARGETS) {
                md.append(" ").append((int) Math.round(t * 100)).append("% MACs removed |");
            }
            md.append("\n|---|").append("---|".repeat(TARGETS.length)).append("\n");
            for (PruningCriterion c : METHODS) {
                md.append("| ").append(c).append(" |");
                for (double t : TARGETS) {
                    List<Double> v = new ArrayList<>();
                    for (int s : SEEDS) {
                        JsonNode n = rows.get(key(c, t, s));
                        if (n != null) {
                            v.add(n.get(what).asDouble());
                        }
                    }
                    md.append(" ").append(v.isEmpty() ? "–" : pm(v, 100) + (v.size() < SEEDS.length ? " (n=" + v.size()
                            + ")" : "")).append(" |");
                }
                md.append("\n");
            }
            md.append("\n");
        }
        md.append("## Achieved MAC reduction and parameters (mean over seeds)\n\n| method | target | MACs removed | "
                + "params (unpruned → pruned) |\n|---|---|---|---|\n");
        for (PruningCriterion c : METHODS) {
            for (double t : TARGETS) {
                List<Double> red = new ArrayList<>();
                List<Double> params = new ArrayList<>();
                long orig = 0;
                for (int s : SEEDS) {
                    JsonNode n = rows.get(key(c, t, s));
                    if (n != null) {
                        red.add(n.get("macReduction").asDouble());
                        params.add(n.get("params").asDouble());
                        orig = n.get("originalParams").asLong();
                    }
                }
                if (!red.isEmpty()) {
                    md.append(String.format(Locale.ROOT, "| %s | %d%% | %.1f%% | %d → %.0f |%n", c, Math.round(t * 100),
                            meanStd(red)[0] * 100, orig, meanStd(params)[0]));
                }
            }
        }
        md.append("\n## For how many classes were the removed and the kept filters important? (mean n_f, τ as above)\n\n");
        md.append("n_f from the class-aware matrix I[f,c] of the unpruned model, whatever the method chose.\n\n");
        md.append("| method | target | removed filters: mean n_f | kept filters: mean n_f |\n|---|---|---|---|\n");
        for (PruningCriterion c : METHODS) {
            for (double t : TARGETS) {
                List<Double> rem = new ArrayList<>();
                List<Double> kept = new ArrayList<>();
                for (int s : SEEDS) {
                    JsonNode n = rows.get(key(c, t, s));
                    if (n != null) {
                        rem.add(histMean(n.get("removedClassCounts")));
                        kept.add(histMean(n.get("keptClassCounts")));
                    }
                }
                if (!rem.isEmpty()) {
                    md.append(String.format(Locale.ROOT, "| %s | %d%% | %s | %s |%n", c, Math.round(t * 100), pm(rem, 1),
                            pm(kept, 1)));
                }
            }
        }
        Path bench = out.resolve("bench.json");
        if (Files.exists(bench)) {
            JsonNode b = JSON.readTree(Files.readString(bench));
            md.append("\n## DJL inference time (seed 1 models, median of ").append(b.get("rounds").asInt())
                    .append(" interleaved rounds)\n\n");
            md.append("`uptime` during the run: ").append(b.get("uptime").asString()).append("; engine threads: ")
                    .append(b.get("threads").asString()).append(".\n\n");
            md.append("| model | params | MACs | weights file | first N test images, batch 256 | batch 1, per image |\n"
                    + "|---|---|---|---|---|---|\n");
            for (JsonNode r : b.get("models")) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d B | N=%d: %.0f ms | %.3f ms |%n",
                        r.get("model").asString(), r.get("params").asLong(), r.get("macs").asLong(),
                        r.get("weightBytes").asLong(), r.get("images").asInt(), r.get("msBatch256").asDouble(),
                        r.get("msPerImageBatch1").asDouble()));
            }
        }
        Files.writeString(out.resolve("results.md"), md.toString());
        System.out.print(md);
    }

    static double histMean(JsonNode h) {
        double n = 0;
        double s = 0;
        for (int k = 0; k < h.size(); k++) {
            n += h.get(k).asDouble();
            s += k * h.get(k).asDouble();
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
