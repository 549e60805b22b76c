import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imclab.common.stats.BenchStatistics;
import org.imclab.pruning.activelearning.ActiveLearner;
import org.imclab.pruning.activelearning.ActiveLearningBench;
import org.imclab.pruning.activelearning.AdversarialSettings;
import org.imclab.pruning.activelearning.ClassifierConfig;
import org.imclab.pruning.activelearning.QueryStrategies;
import org.imclab.pruning.activelearning.Strategy;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.study.StudyRunner;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How far DeepFool sampling is margin sampling in disguise: replays the DeepFool curve of a pre-registered digits
 * study (same initial labels, batches and budget as StudyRunner) and, in every round before the query, scores each
 * unlabelled pool sample twice with the current classifier: its DeepFool distance to the decision boundary and its
 * top-1 − top-2 probability margin. Both rank small = informative; Spearman's ρ of the two over the pool says how
 * alike they order the samples (ρ = 1: the same queries up to ties). Writes the output prefix's .json (ρ per seed
 * and round) and its .md table (mean ± std over seeds per round, n stated).
 *
 * <pre>
 * java -cp CP bench/activelearning/DeepFoolMargin.java OUT_PREFIX knn1|knn5|svm [seeds=1,2,3,4,5]
 * java -cp CP bench/activelearning/DeepFoolMargin.java OUT_PREFIX mnist-lenet5|fashion-mnist-lenet5 seeds=… IDX_DIR
 * </pre>
 * Budget as in preregistered.json: digits 10 initial labels, 10 per round, up to 200; LeNet-5 100 initial, 100 per
 * round, up to 1000, with the study's classifier and adversarial settings (ActiveLearningBench). The LeNet-5 study
 * scores a seeded random 1000 of the unlabelled pool per query (its {@code candidates}), so there ρ is taken over a
 * seeded random 1000 of the unlabelled pool too (DeepFool on all ~9 900 rows every round would cost ten curves).
 */
public class DeepFoolMargin {

    public static void main(String[] args) throws Exception {
        Path prefix = Path.of(args[0]);
        String classifier = args[1];
        String seedList = args.length > 2 ? args[2].replaceFirst("^seeds=", "") : "1,2,3,4,5";
        boolean lenet = classifier.endsWith("-lenet5");
        ClassifierConfig config = switch (classifier) {
            case "knn1" -> ClassifierConfig.knn(1);
            case "knn5" -> ClassifierConfig.knn(5);
            case "svm" -> ClassifierConfig.svm(10, null);
            case "mnist-lenet5", "fashion-mnist-lenet5" -> ClassifierConfig.dnn("lenet5", List.of(), 15, 150);
            default -> throw new IllegalArgumentException("classifier: knn1, knn5, svm, mnist-lenet5 or "
                    + "fashion-mnist-lenet5, got " + classifier);
        };
        // The pre-registered studies' settings (preregistered.json, ActiveLearningBench).
        PoolData pool = lenet
                ? ActiveLearningBench.images(Path.of(args[3]),
                        classifier.startsWith("fashion") ? "Fashion-MNIST" : "MNIST", 10_000, 10_000)
                : new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
        AdversarialSettings adv = lenet ? new AdversarialSettings(20, 0.02, 0.3, 0.02, 30)
                : AdversarialSettings.defaults();
        int initial = lenet ? 100 : 10;
        int batch = lenet ? 100 : 10;
        int budget = lenet ? 1000 : 200;
        int candidates = lenet ? 1000 : 0;
        String study = lenet ? classifier : "digits-" + classifier;
        long started = System.nanoTime();
        Map<Long, List<Double>> rho = new LinkedHashMap<>();
        Map<Long, List<Double>> accuracy = new LinkedHashMap<>();
        List<Integer> labels = new ArrayList<>();
        for (String s : seedList.split(",")) {
            long seed = Long.parseLong(s.trim());
            List<Double> perRound = new ArrayList<>();
            List<Double> acc = new ArrayList<>();
            try (ActiveLearner learner = new ActiveLearner(pool.data(), pool.poolIds(), pool.testIds(), config,
                    Strategy.DEEPFOOL, adv, candidates, seed)) {
                int[] start = StudyRunner.initialIds(pool.poolIds(), initial, seed);
                learner.addLabels(start, ActiveLearningBench.oracle(pool, start), null);
                int round = 1;
                for (int have = initial; have < budget; have += batch, round++) {
                    // Fits the classifier on the current labels, as the study does; the accuracy is kept so the
                    // replay can be checked against the study's DeepFool curve (same labels, same accuracy).
                    acc.add(learner.testAccuracy());
                    float[][] rows = ActiveLearningBench.unlabelledSample(pool, learner, candidates,
                            seed * 1000 + round);
                    double[] distance = learner.model().deepFool(rows, adv).distance();
                    double[] margin = QueryStrategies.score(learner.model().predictProba(rows), Strategy.MARGIN);
                    perRound.add(BenchStatistics.spearman(distance, margin));
                    if (rho.isEmpty()) {
                        labels.add(have);
                    }
                    ActiveLearner.Batch next = learner.next(batch, round);
                    learner.addLabels(next.ids(), ActiveLearningBench.oracle(pool, next.ids()), next.synthetic());
                }
            }
            rho.put(seed, perRound);
            accuracy.put(seed, acc);
            System.out.printf(Locale.ROOT, "%s seed %d: ρ per round %s (%.0f s)%n", classifier, seed, perRound,
                    (System.nanoTime() - started) / 1e9);
            write(prefix, study, pool, candidates, labels, rho, accuracy, started);
        }
    }

    /** Raw JSON and table of the seeds so far (after every seed, so that a stopped run keeps them). */
    static void write(Path prefix, String study, PoolData pool, int candidates, List<Integer> labels,
            Map<Long, List<Double>> rho, Map<Long, List<Double>> accuracy, long started) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("study", study);
        out.put("data", pool.name() + ", pool " + pool.poolIds().length + ", test " + pool.testIds().length);
        out.put("labelsBeforeQuery", labels);
        out.put("spearmanPerSeed", rho);
        out.put("testAccuracyPerSeed", accuracy);
        out.put("seconds", (System.nanoTime() - started) / 1e9);
        String over = candidates > 0 ? "a seeded random " + candidates + " of the unlabelled pool" : "the unlabelled pool";
        out.put("scoredRows", over);
        Files.write(Path.of(prefix + ".json"), JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsBytes(out));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "DeepFool distance vs margin, %s (%s), Spearman ρ over %s before each "
                + "query of the DeepFool curve; n = %d seeds %s; %.0f s%n%n", study, out.get("data"), over, rho.size(),
                rho.keySet(), (System.nanoTime() - started) / 1e9));
        md.append("| labels | ρ mean ± std | min | max |\n|---|---|---|---|\n");
        for (int r = 0; r < labels.size(); r++) {
            final int i = r;
            double[] v = rho.values().stream().mapToDouble(l -> l.get(i)).toArray();
            md.append(String.format(Locale.ROOT, "| %d | %.3f ± %.3f | %.3f | %.3f |%n", labels.get(r),
                    BenchStatistics.mean(v), BenchStatistics.std(v), java.util.Arrays.stream(v).min().orElse(Double.NaN),
                    java.util.Arrays.stream(v).max().orElse(Double.NaN)));
        }
        Files.writeString(Path.of(prefix + ".md"), md.toString());
        System.out.println(md);
    }
}
