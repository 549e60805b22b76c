package org.imclab.pruning.activelearning.study;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.web.ApiException;
import org.imclab.pruning.activelearning.AdversarialParams;
import org.imclab.pruning.activelearning.ClassifierConfig;
import org.imclab.pruning.activelearning.Strategy;
import org.imclab.pruning.activelearning.data.DatasetCatalog;
import org.imclab.pruning.activelearning.data.PoolData;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code al-study} jobs: every (strategy, seed) curve, tracked as metrics
 * {@code acc/<strategy>/seed<k>} at step = labels, then the summary. A checkpoint after each finished
 * curve lets a resumed job skip it. The group is {@link #DJL_GRADIENT}: a DNN study trains and
 * attacks with gradient collectors, and one kind has one group, so k-NN/SVM studies queue with the
 * gradient jobs too (they are short).
 */
@Component
public class AlStudyHandler extends AbstractJobHandler<AlStudyRequest> {

    public static final String KIND = "al-study";

    private final DatasetCatalog catalog;
    private final JsonMapper json;

    public AlStudyHandler(DatasetCatalog catalog, JsonMapper json) {
        super(KIND, AlStudyRequest.class, DJL_GRADIENT, 1);
        this.catalog = catalog;
        this.json = json;
    }

    /**
     * Checks a request against its data set at submit (400 naming the field) and resolves the run params:
     * the study's defaults filled in and the pool and test sizes. The job writes no params of its own.
     */
    public JobPlan jobPlan(AlStudyRequest r) {
        PoolData pool = pool(r);
        return new JobPlan(null, params(r, validate(r, pool), pool));
    }

    /** Checks a request against its data set; throws 400 naming the field. Returns the resolved spec. */
    private StudySpec validate(AlStudyRequest r, PoolData pool) {
        ClassifierConfig classifier = r.classifier() == null ? StudyDefaults.classifier() : r.classifier();
        classifier.validate("classifier", pool.data());
        List<String> names = r.strategies() == null ? StudyDefaults.STRATEGIES : r.strategies();
        List<Long> seeds = r.seeds() == null ? StudyDefaults.SEEDS : r.seeds();
        List<Strategy> strategies = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Strategy s = Strategy.of(names.get(i));
            if (s == null) {
                throw ApiException.badRequest("strategies[" + i + "]", "'" + names.get(i)
                        + "' is not one of " + Strategy.ids());
            }
            if (strategies.contains(s)) {
                throw ApiException.badRequest("strategies[" + i + "]", "is listed twice");
            }
            strategies.add(s);
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw ApiException.badRequest("seeds", "must be distinct");
        }
        int poolSize = pool.poolIds().length;
        if (poolSize < 2) {
            throw ApiException.badRequest("datasetId", "the pool has " + poolSize + " samples; a study needs 2");
        }
        int initial = r.initialLabelled() != null ? r.initialLabelled()
                : StudyDefaults.initialLabelled(poolSize, pool.data().numClasses(), r.budget());
        int budget = r.budget() != null ? r.budget() : StudyDefaults.budget(poolSize, initial);
        if (initial >= budget) {
            throw ApiException.badRequest("initialLabelled", "must be below the budget (" + budget + ")");
        }
        if (budget > poolSize) {
            throw ApiException.badRequest("budget", "exceeds the pool of " + poolSize + " samples");
        }
        int batchSize = r.batchSize() != null ? r.batchSize() : StudyDefaults.batchSize(initial, budget);
        if (pool.testIds().length == 0) {
            throw ApiException.badRequest("datasetId", "the data set has no test rows to measure accuracy on");
        }
        return new StudySpec(classifier, strategies, List.copyOf(seeds), initial, batchSize, budget,
                r.targetAccuracy(), r.candidates() == null ? 0 : r.candidates(),
                AdversarialParams.settings(r.adversarial()));
    }

    /** The study's data: limited to the requested sizes, tabular features standardised unless switched off. */
    private PoolData pool(AlStudyRequest r) {
        return limited(catalog.load(r.datasetId(), "datasetId", r.standardizeOrDefault()), r.poolLimit(),
                r.testLimit());
    }

    /** Seeded subsets of the pool and test ids when limits are given (seed 0: the same for every study). */
    static PoolData limited(PoolData p, Integer poolLimit, Integer testLimit) {
        int[] pool = subset(p.poolIds(), poolLimit, 0);
        int[] test = subset(p.testIds(), testLimit, 1);
        return pool == p.poolIds() && test == p.testIds() ? p : new PoolData(p.id(), p.name(), p.data(), pool, test);
    }

    private static int[] subset(int[] ids, Integer limit, long seed) {
        if (limit == null || limit == 0 || limit >= ids.length) {
            return ids;
        }
        int[] a = ids.clone();
        Random r = new Random(seed);
        for (int i = 0; i < limit; i++) {
            int j = i + r.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = Arrays.copyOf(a, limit);
        Arrays.sort(out);
        return out;
    }

    /** The study's run params, resolved at submit. */
    private Map<String, String> params(AlStudyRequest r, StudySpec spec, PoolData pool) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("datasetId", r.datasetId());
        params.put("classifier", json.writeValueAsString(spec.classifier()));
        params.put("strategies", String.join(",", spec.strategies().stream().map(Strategy::id).toList()));
        params.put("seeds", spec.seeds().toString());
        params.put("initialLabelled", String.valueOf(spec.initialLabelled()));
        params.put("batchSize", String.valueOf(spec.batchSize()));
        params.put("budget", String.valueOf(spec.budget()));
        params.put("standardize", String.valueOf(r.standardizeOrDefault()));
        params.put("candidates", String.valueOf(spec.candidates()));
        params.put("adversarial", json.writeValueAsString(spec.adversarial()));
        params.put("poolSize", String.valueOf(pool.poolIds().length));
        params.put("testSize", String.valueOf(pool.testIds().length));
        if (r.targetAccuracy() != null) {
            params.put("targetAccuracy", String.valueOf(r.targetAccuracy()));
        }
        return params;
    }

    @Override
    public Object run(AlStudyRequest r, JobContext ctx) throws Exception {
        PoolData pool = pool(r);
        StudySpec spec = validate(r, pool);
        List<LearningCurve> completed = new ArrayList<>(ctx.checkpoint()
                .map(cp -> readCurves(ctx.openArtifact(cp.artifactSha256()))).orElse(List.of()));
        StudyResult result = StudyRunner.run(pool.name(), spec, pool.data(), pool.poolIds(), pool.testIds(),
                List.copyOf(completed), new StudyRunner.Listener() {
                    @Override
                    public void checkCancelled() {
                        ctx.checkCancelled();
                    }

                    @Override
                    public void point(Strategy strategy, long seed, int labels, double accuracy) {
                        ctx.logMetrics(labels, Map.of("acc/" + strategy.id() + "/seed" + seed, accuracy));
                    }

                    @Override
                    public void progress(double fraction, String step) {
                        ctx.progress(Math.min(0.99, fraction), step);
                    }

                    @Override
                    public void curveFinished(LearningCurve curve) {
                        completed.add(curve);
                        ctx.saveCheckpoint(Map.of("completed", completed.size(), "last",
                                curve.strategy() + "/seed" + curve.seed()),
                                new ByteArrayInputStream(json.writeValueAsBytes(completed)));
                    }
                });
        for (StrategySummary s : result.summaries().values()) {
            for (int i = 0; i < s.labels().length; i++) {
                ctx.logMetrics(s.labels()[i], Map.of("acc_mean/" + s.strategy(), s.mean()[i],
                        "acc_std/" + s.strategy(), s.std()[i]));
            }
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("aulc/" + s.strategy(), s.aulc());
            if (s.labelsToTarget() != null) {
                summary.put("labels_to_target/" + s.strategy(), (double) s.labelsToTarget());
            }
            if (s.ratioToRandom() != null) {
                summary.put("labels_ratio_vs_random/" + s.strategy(), s.ratioToRandom());
            }
            ctx.logMetrics(0, summary);
        }
        ctx.saveArtifact("al-study.json", new ByteArrayInputStream(json.writeValueAsBytes(result)), "application/json");
        ctx.progress(1.0, "done");
        return result;
    }

    private List<LearningCurve> readCurves(InputStream in) {
        try (in) {
            return json.readValue(in, new TypeReference<List<LearningCurve>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
