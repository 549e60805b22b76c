package org.imclab.pruning.activelearning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.study.LearningCurve;
import org.imclab.pruning.activelearning.study.StrategySummary;
import org.imclab.pruning.activelearning.study.StudyResult;
import org.imclab.pruning.activelearning.study.StudyRunner;
import org.imclab.pruning.activelearning.study.StudySpec;
import org.imclab.common.stats.BenchStatistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's active-learning studies, run outside CI (bench/activelearning/run.sh) with the targets, budgets and
 * seeds pre-registered in bench/activelearning/preregistered.json before any run. Writes the raw result JSON and a
 * markdown table per study (n, mean ± std, labels to each target from {@link BenchStatistics}, tied rows marked).
 *
 * <p>Usage: {@code ActiveLearningBench <study> <outDir> <preregistered.json> [idxDir] [quick]}; idxDir holds the four
 * IDX files of MNIST or Fashion-MNIST. {@code ActiveLearningBench report <study.json> <preregistered.json>} rewrites
 * the table next to a raw result from the JSON alone. {@code quick}: the config's CI smoke setting (2 seeds, budget 60), not a result.
 */
public final class ActiveLearningBench {

    private ActiveLearningBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("report")) {
            report(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        String study = args[0];
        Path out = Path.of(args[1]);
        JsonNode config = JsonMapper.builder().build().readTree(Files.readAllBytes(Path.of(args[2])));
        JsonNode c = config.get("studies").get(study);
        if (c == null) {
            throw new IllegalArgumentException("study " + study + " is not pre-registered in " + args[2]);
        }
        boolean quick = args.length > 4 && args[4].equals("quick");
        Files.createDirectories(out);
        List<Strategy> all = List.of(Strategy.values());
        List<Long> seeds = new ArrayList<>();
        config.get("seeds").forEach(n -> seeds.add(n.asLong()));
        int initial = c.get("initial").asInt();
        int batch = c.get("batch").asInt();
        int budget = c.get("budget").asInt();
        List<Double> targets = new ArrayList<>();
        c.get("targets").forEach(n -> targets.add(n.asDouble()));
        if (quick) {
            seeds.retainAll(List.of(1L, 2L));
            budget = 60;
        }
        PoolData pool;
        ClassifierConfig classifier;
        int candidates = c.has("candidates") ? c.get("candidates").asInt() : 0;
        AdversarialSettings adversarial = AdversarialSettings.defaults();
        switch (study) {
            case "digits-knn1" -> classifier = ClassifierConfig.knn(1);
            case "digits-knn5" -> classifier = ClassifierConfig.knn(5);
            case "digits-svm" -> classifier = ClassifierConfig.svm(10, null);
            case "mnist-lenet5", "fashion-mnist-lenet5" -> {
                classifier = ClassifierConfig.dnn("lenet5", List.of(), 15, 150);
                adversarial = new AdversarialSettings(20, 0.02, 0.3, 0.02, 30);
            }
            default -> throw new IllegalArgumentException("unknown study " + study);
        }
        pool = study.startsWith("digits") ? new BuiltinDatasetSource().load("builtin:digits").orElseThrow()
                : images(Path.of(args[3]), study.startsWith("fashion") ? "Fashion-MNIST" : "MNIST", 10_000, 10_000);
        StudySpec spec = new StudySpec(classifier, all, seeds, initial, batch, budget, targets.get(0), candidates,
                adversarial);
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        // Every finished (strategy, seed) curve is appended to <study>.curves.json at once, so a stopped run keeps its
        // curves and a rerun resumes from them (StudyRunner reuses completed curves as they are).
        Path partial = out.resolve(study + ".curves.json");
        if (quick) {
            Files.deleteIfExists(partial); // a smoke run always starts fresh
        }
        List<LearningCurve> done = new ArrayList<>(readCurves(partial));
        // AL_REPORT_PARTIAL=1 (run.sh --report-partial): train nothing, write the table from the whole seeds so far.
        boolean reportOnly = "1".equals(System.getenv("AL_REPORT_PARTIAL"));
        long start = System.nanoTime();
        StudyRunner.Listener listener = new StudyRunner.Listener() {
            @Override
            public void point(Strategy s, long seed, int labels, double accuracy) {
                System.out.printf(Locale.ROOT, "%s seed %d: %d labels -> %.4f (%.0f s)%n", s.id(), seed, labels,
                        accuracy, (System.nanoTime() - start) / 1e9);
            }

            @Override
            public void curveFinished(LearningCurve curve) {
                done.add(curve);
                writeCurves(json, partial, done);
            }
        };
        if (!reportOnly) {
            // Seed-major: every strategy of seed 1, then of seed 2, ..., so a run stopped early still holds whole seeds
            // (paired comparisons need every strategy on the same seeds).
            for (long seed : seeds) {
                StudyRunner.run(pool.name(), withSeeds(spec, List.of(seed)), pool.data(), pool.poolIds(),
                        pool.testIds(), List.copyOf(done), listener);
            }
        }
        List<Long> complete = completeSeeds(done, all, seeds);
        if (complete.isEmpty()) {
            System.out.println("no seed has all " + all.size() + " strategies yet; curves so far in " + partial);
            return;
        }
        // Only whole seeds enter the table: all curves are in `done`, so this trains nothing.
        StudyResult result = StudyRunner.run(pool.name(), withSeeds(spec, complete), pool.data(), pool.poolIds(),
                pool.testIds(), List.copyOf(done), new StudyRunner.Listener() {
                });
        String coverage = coverage(complete, seeds, done.size(), all.size());
        Files.write(out.resolve(study + ".json"), json.writeValueAsBytes(result));
        String table = table(study, result, targets, quick, result.curves().stream()
                .mapToDouble(LearningCurve::seconds).sum(), coverage);
        Files.writeString(out.resolve(study + ".md"), table);
        System.out.println(table);
    }

    private static StudySpec withSeeds(StudySpec s, List<Long> seeds) {
        return new StudySpec(s.classifier(), s.strategies(), seeds, s.initialLabelled(), s.batchSize(), s.budget(),
                s.targetAccuracy(), s.candidates(), s.adversarial());
    }

    /** The registered seeds, in order, for which every strategy's curve is finished. */
    static List<Long> completeSeeds(List<LearningCurve> curves, List<Strategy> strategies, List<Long> seeds) {
        return seeds.stream().filter(seed -> strategies.stream().allMatch(st -> curves.stream()
                .anyMatch(c -> c.seed() == seed && c.strategy().equals(st.id())))).toList();
    }

    /**
     * Empty when every registered seed is complete; otherwise the line that labels the table as a reduced run and
     * names the part of the registered protocol it covers.
     */
    static String coverage(List<Long> complete, List<Long> registered, int curvesDone, int strategies) {
        if (complete.equals(registered)) {
            return "";
        }
        return String.format(Locale.ROOT, "**Reduced run**: seeds %s of the registered %s (all %d strategies, full "
                + "budget and targets as registered); %d of %d registered curves finished, partial seeds left out of "
                + "the table. Resume with the same command to complete the grid.", complete, registered, strategies,
                curvesDone, strategies * registered.size());
    }

    static List<LearningCurve> readCurves(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return List.of(JsonMapper.builder().build().readValue(Files.readAllBytes(file), LearningCurve[].class));
    }

    private static void writeCurves(JsonMapper json, Path file, List<LearningCurve> curves) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, json.writeValueAsBytes(curves));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Regenerates {@code <study>.md} from the raw {@code <study>.json} and the pre-registered targets. */
    static void report(Path json, Path preregistered) throws IOException {
        StudyResult r = JsonMapper.builder().build().readValue(Files.readAllBytes(json), StudyResult.class);
        String study = json.getFileName().toString().replaceFirst("\\.json$", "");
        List<Double> targets = new ArrayList<>();
        JsonNode c = JsonMapper.builder().build().readTree(Files.readAllBytes(preregistered)).get("studies").get(study);
        c.get("targets").forEach(n -> targets.add(n.asDouble()));
        double seconds = r.curves().stream().mapToDouble(LearningCurve::seconds).sum();
        JsonNode root = JsonMapper.builder().build().readTree(Files.readAllBytes(preregistered));
        List<Long> registered = new ArrayList<>();
        root.get("seeds").forEach(n -> registered.add(n.asLong()));
        String table = table(study, r, targets, false, seconds, coverage(r.seeds(), registered,
                r.curves().size(), r.summaries().size()));
        Files.writeString(json.resolveSibling(study + ".md"), table);
        System.out.println(table);
    }

    /** MNIST or Fashion-MNIST from IDX: a seeded pool subset of the 60k training images and a test subset of the 10k. */
    public static PoolData images(Path dir, String name, int poolSize, int testSize) throws IOException {
        ImageDataset train;
        ImageDataset test;
        try (InputStream i = Files.newInputStream(dir.resolve("train-images-idx3-ubyte"));
                InputStream l = Files.newInputStream(dir.resolve("train-labels-idx1-ubyte"))) {
            train = IdxReader.read(i, l);
        }
        try (InputStream i = Files.newInputStream(dir.resolve("t10k-images-idx3-ubyte"));
                InputStream l = Files.newInputStream(dir.resolve("t10k-labels-idx1-ubyte"))) {
            test = IdxReader.read(i, l);
        }
        int[] poolIdx = sample(train.size(), poolSize, 0);
        int[] testIdx = sample(test.size(), testSize, 1);
        ImageDataset p = train.subset(poolIdx);
        ImageDataset t = test.subset(testIdx);
        byte[] all = new byte[p.images().length + t.images().length];
        System.arraycopy(p.images(), 0, all, 0, p.images().length);
        System.arraycopy(t.images(), 0, all, p.images().length, t.images().length);
        int[] labels = new int[p.size() + t.size()];
        System.arraycopy(p.labels(), 0, labels, 0, p.size());
        System.arraycopy(t.labels(), 0, labels, p.size(), t.size());
        FeatureData data = FeatureData.fromImages(new ImageDataset(all, labels, 1, 28, 28, p.classNames()));
        int[] pool = new int[p.size()];
        int[] testIds = new int[t.size()];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < testIds.length; i++) {
            testIds[i] = p.size() + i;
        }
        return new PoolData(name.toLowerCase(Locale.ROOT), name + " (" + poolSize + "-image pool of train, " + testSize
                + " test)", data, pool, testIds);
    }

    /**
     * The replay programs' candidates (bench/activelearning DeepFoolMargin and BimTies): a seeded random {@code k}
     * of the pool's unlabelled rows (all of them when k is 0 or at least their number). Shared so that both
     * replays score the same rows for the same seed and round.
     */
    public static float[][] unlabelledSample(PoolData pool, ActiveLearner learner, int k, long seed) {
        List<float[]> rows = new ArrayList<>(java.util.Arrays.stream(pool.poolIds()).filter(id -> !learner.isLabelled(id))
                .mapToObj(id -> pool.data().x()[id]).toList());
        if (k <= 0 || rows.size() <= k) {
            return rows.toArray(float[][]::new);
        }
        java.util.Collections.shuffle(rows, new Random(seed));
        return rows.subList(0, k).toArray(float[][]::new);
    }

    /** The simulated oracle of the replays: the pool's own labels of {@code ids}. */
    public static int[] oracle(PoolData pool, int[] ids) {
        return java.util.Arrays.stream(ids).map(id -> pool.data().y()[id]).toArray();
    }

    private static int[] sample(int n, int k, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        Random r = new Random(seed);
        for (int i = 0; i < Math.min(k, n); i++) {
            int j = i + r.nextInt(n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(a, Math.min(k, n));
        java.util.Arrays.sort(out);
        return out;
    }

    static String table(String study, StudyResult r, List<Double> targets, boolean quick, double seconds,
            String coverage) {
        StringBuilder sb = new StringBuilder();
        int[] labels = r.summaries().values().iterator().next().labels();
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < labels.length; i += Math.max(1, labels.length / 5)) {
            cols.add(i);
        }
        if (cols.get(cols.size() - 1) != labels.length - 1) {
            cols.add(labels.length - 1);
        }
        sb.append(String.format(Locale.ROOT, "### %s — %s, pool %d, test %d, n = %d seeds, %.0f s%s%n%n", study,
                r.dataset(), r.poolSize(), r.testSize(), r.seeds().size(), seconds,
                quick ? " (quick CI smoke run, not a result)" : ""));
        if (!coverage.isEmpty()) {
            sb.append(coverage).append("\n\n");
        }
        sb.append("Targets and budget pre-registered in bench/activelearning/preregistered.json. Accuracy: mean ± std "
                + "over the n seeds; ΔAULC: paired over seeds (same initial labels), 95 % bootstrap interval; labels to "
                + "target: first label count at which the mean curve reaches it.\n\n");
        sb.append("| strategy |");
        for (int c : cols) {
            sb.append(' ').append(labels[c]).append(" |");
        }
        sb.append(" AULC | ΔAULC vs random [95% CI] |");
        for (double t : targets) {
            sb.append(" labels to ").append(t).append(" |");
        }
        sb.append(" tie |\n|---|").append("---|".repeat(cols.size() + 3 + targets.size())).append('\n');
        List<StrategySummary> rows = new ArrayList<>(r.summaries().values());
        for (StrategySummary s : rows) {
            sb.append("| ").append(s.strategy()).append(" |");
            for (int c : cols) {
                sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", s.mean()[c], s.std()[c]));
            }
            sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", s.aulc(), s.aulcStd()));
            if (s.strategy().equals(Strategy.RANDOM.id())) {
                sb.append(" — |");
            } else {
                BenchStatistics.PairedDifference d = BenchStatistics.pairedBootstrap(areas(r, s.strategy()),
                        areas(r, Strategy.RANDOM.id()), 1);
                sb.append(String.format(Locale.ROOT, " %+.3f [%+.3f, %+.3f] |", d.meanDifference(), d.low(), d.high()));
            }
            for (double t : targets) {
                Integer at = BenchStatistics.labelsToTarget(s.labels(), s.mean(), t);
                sb.append(' ').append(at == null ? "not reached" : at.toString()).append(" |");
            }
            List<String> same = rows.stream().filter(o -> o != s && java.util.Arrays.equals(o.mean(), s.mean()))
                    .map(StrategySummary::strategy).toList();
            sb.append(same.isEmpty() ? " |" : " identical curves to " + String.join(", ", same) + " |").append('\n');
        }
        return sb.toString();
    }

    /** Per-seed normalised AULC of one strategy, in seed order. */
    static double[] areas(StudyResult r, String strategy) {
        return r.seeds().stream().mapToDouble(seed -> r.curves().stream()
                .filter(c -> c.strategy().equals(strategy) && c.seed() == seed).findFirst()
                .map(c -> StrategySummary.aulc(c.labels(), c.accuracy())).orElseThrow()).toArray();
    }
}
