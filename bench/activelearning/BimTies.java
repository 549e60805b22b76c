import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.study.StudyRunner;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why BIM sampling can pick exactly what margin sampling picks. BIM ranks candidates by the number of attack steps
 * until the prediction flips and breaks ties by the top-1 − top-2 margin (QueryStrategies). If the fewest-steps group
 * holds more candidates than one query takes, and margin's picks all lie in it, the two strategies choose the same
 * batch. This replays the margin curve of a pre-registered LeNet-5 study (same labels, batches and budget as
 * StudyRunner; the study's BIM curve equals it when they tie) and, before every query, scores a seeded random
 * {@code candidates} of the unlabelled pool with both keys. It records the step counts' spread, the size of the
 * fewest-steps group and how many of BIM's picks margin also picks. Writes the output prefix's .json (per seed and
 * round) and its .md table.
 *
 * <pre>
 * java -cp CP bench/activelearning/BimTies.java OUT_PREFIX mnist-lenet5|fashion-mnist-lenet5 seeds=1,2 IDX_DIR
 * </pre>
 */
public class BimTies {

    public static void main(String[] args) throws Exception {
        Path prefix = Path.of(args[0]);
        String study = args[1];
        String[] seeds = args[2].replaceFirst("^seeds=", "").split(",");
        // The pre-registered LeNet-5 settings (preregistered.json, ActiveLearningBench), as DeepFoolMargin uses them.
        ClassifierConfig config = ClassifierConfig.dnn("lenet5", List.of(), 15, 150);
        PoolData pool = ActiveLearningBench.images(Path.of(args[3]),
                study.startsWith("fashion") ? "Fashion-MNIST" : "MNIST", 10_000, 10_000);
        AdversarialSettings adv = new AdversarialSettings(20, 0.02, 0.3, 0.02, 30);
        int initial = 100;
        int batch = 100;
        int budget = 1000;
        int candidates = 1000;
        long started = System.nanoTime();
        List<Integer> labels = new ArrayList<>();
        Map<String, List<Map<String, Object>>> perSeed = new LinkedHashMap<>();
        for (String s : seeds) {
            long seed = Long.parseLong(s.trim());
            List<Map<String, Object>> rounds = new ArrayList<>();
            try (ActiveLearner learner = new ActiveLearner(pool.data(), pool.poolIds(), pool.testIds(), config,
                    Strategy.MARGIN, adv, candidates, seed)) {
                int[] start = StudyRunner.initialIds(pool.poolIds(), initial, seed);
                learner.addLabels(start, ActiveLearningBench.oracle(pool, start), null);
                int round = 1;
                for (int have = initial; have < budget; have += batch, round++) {
                    learner.fit();
                    float[][] rows = ActiveLearningBench.unlabelledSample(pool, learner, candidates,
                            seed * 1000 + round);
                    int[] steps = learner.model().bimStepsToFlip(rows, adv);
                    double[] margin = QueryStrategies.score(learner.model().predictProba(rows), Strategy.MARGIN);
                    rounds.add(round(steps, margin, batch, adv.maxSteps()));
                    if (perSeed.isEmpty()) {
                        labels.add(have);
                    }
                    ActiveLearner.Batch next = learner.next(batch, round);
                    learner.addLabels(next.ids(), ActiveLearningBench.oracle(pool, next.ids()), next.synthetic());
                }
            }
            perSeed.put(s.trim(), rounds);
            System.out.printf(Locale.ROOT, "%s seed %s done (%.0f s)%n", study, s, (System.nanoTime() - started) / 1e9);
            write(prefix, study, labels, perSeed, started);
        }
    }

    /** One round: step-count spread, fewest-steps group, and the overlap of the two strategies' top picks. */
    static Map<String, Object> round(int[] steps, double[] margin, int take, int maxSteps) {
        int min = Arrays.stream(steps).min().orElseThrow();
        long inMin = Arrays.stream(steps).filter(v -> v == min).count();
        long neverFlipped = Arrays.stream(steps).filter(v -> v > maxSteps).count();
        double[] bimKey = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            bimKey[i] = steps[i] + 0.999 * margin[i];
        }
        int[] byMargin = smallest(margin, take);
        int[] byBim = smallest(bimKey, take);
        long shared = Arrays.stream(byBim).filter(i -> Arrays.stream(byMargin).anyMatch(j -> j == i)).count();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("minSteps", min);
        r.put("fewestStepsGroup", inMin);
        r.put("neverFlipped", neverFlipped);
        int[] sorted = steps.clone();
        Arrays.sort(sorted);
        r.put("medianSteps", sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0);
        r.put("sharedPicks", shared);
        return r;
    }

    /** Indices of the {@code k} smallest values (exact ties are measure-zero for these float keys). */
    static int[] smallest(double[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        return Arrays.stream(idx).limit(k).mapToInt(Integer::intValue).toArray();
    }

    static void write(Path prefix, String study, List<Integer> labels, Map<String, List<Map<String, Object>>> perSeed,
            long started) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("study", study);
        out.put("labelsBeforeQuery", labels);
        out.put("scoredRows", "a seeded random 1000 of the unlabelled pool, the margin curve's classifier");
        out.put("perSeed", perSeed);
        out.put("seconds", (System.nanoTime() - started) / 1e9);
        Files.write(Path.of(prefix + ".json"), JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsBytes(out));
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "BIM steps vs margin, %s: before each query "
                + "of the margin curve, a seeded random 1000 unlabelled candidates; n = %d seeds %s; %.0f s%n%n"
                + "| labels | fewest steps (per seed) | candidates with the fewest steps, mean (min–max) | never flipped "
                + "in 30 steps, mean | median steps, mean | BIM's 100 picks also margin's, mean (min) |%n"
                + "|---|---|---|---|---|---|%n", study, perSeed.size(), perSeed.keySet(),
                (System.nanoTime() - started) / 1e9));
        for (int r = 0; r < labels.size(); r++) {
            final int i = r;
            List<Map<String, Object>> rows = perSeed.values().stream().map(l -> l.get(i)).toList();
            double[] group = rows.stream().mapToDouble(m -> ((Number) m.get("fewestStepsGroup")).doubleValue()).toArray();
            double[] never = rows.stream().mapToDouble(m -> ((Number) m.get("neverFlipped")).doubleValue()).toArray();
            double[] median = rows.stream().mapToDouble(m -> ((Number) m.get("medianSteps")).doubleValue()).toArray();
            double[] shared = rows.stream().mapToDouble(m -> ((Number) m.get("sharedPicks")).doubleValue()).toArray();
            md.append(String.format(Locale.ROOT, "| %d | %s | %.0f (%.0f–%.0f) | %.0f | %.1f | %.1f (%.0f) |%n",
                    labels.get(r), rows.stream().map(m -> m.get("minSteps").toString()).toList(),
                    BenchStatistics.mean(group), Arrays.stream(group).min().orElse(0), Arrays.stream(group).max().orElse(0),
                    BenchStatistics.mean(never), BenchStatistics.mean(median), BenchStatistics.mean(shared),
                    Arrays.stream(shared).min().orElse(0)));
        }
        Files.writeString(Path.of(prefix + ".md"), md.toString());
        System.out.println(md);
    }
}
