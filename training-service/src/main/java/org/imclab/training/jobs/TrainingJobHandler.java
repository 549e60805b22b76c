package org.imclab.training.jobs;

import ai.djl.engine.Engine;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.jobs.Checkpoint;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingListener;
import org.imclab.common.nn.training.TrainingLoop;
import org.imclab.common.nn.training.TrainingOutcome;
import org.imclab.training.datasets.DatasetData;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.models.LoadedModel;
import org.imclab.training.models.ModelLoader;
import org.imclab.training.models.ModelLineage;
import org.imclab.training.models.ModelRegistry;
import org.imclab.training.models.ModelVersion;
import org.springframework.stereotype.Component;

/**
 * Job kind {@code training}: trains a spec on a data set version with the {@link TrainingLoop}, logs
 * per-epoch metrics to tracking (step = epoch), checkpoints every epoch, resumes from the last checkpoint
 * after a worker dies, evaluates the test split and registers the model.
 */
@Component
public class TrainingJobHandler extends ModelTrainingHandler<TrainingRequest> {

    public static final String KIND = "training";


    public TrainingJobHandler(DatasetService datasets, ModelRegistry models, ModelLoader loader) {
        super(KIND, TrainingRequest.class, datasets, models, loader);
    }

    /** What the job returns. */
    @Schema(name = "TrainingResult")
    public record Result(long modelId, String modelName, int modelVersion, int epochs, int resumedFrom,
            boolean stoppedEarly, int bestEpoch, Double bestMetric, Double testAccuracy, Double testLoss,
            int testSamples) {
    }

    @Override
    public Object run(TrainingRequest request, JobContext ctx) throws Exception {
        // Resolved and checked by the controller at submit; the params it resolved are the run's already.
        TrainingPlanner.Plan plan = ctx.requiredPlan(TrainingPlanner.Plan.class);
        TrainingConfig config = plan.config();
        int threads = EngineThreads.apply(config.threads());
        ctx.progress(0, "loading data set " + plan.dataset().name() + " v" + plan.dataset().version());
        DatasetData data = datasets.load(plan.dataset());
        boolean standardize = request.standardizeOrDefault();
        Samples train = data.samples(DatasetData.TRAIN, config.augment(), standardize);
        Samples val = data.samples(DatasetData.VAL, false, standardize);
        Samples test = data.samples(DatasetData.TEST, false, standardize);

        TrainingCheckpoint resume = null;
        Optional<Checkpoint> saved = ctx.checkpoint();
        if (saved.isPresent()) {
            try (InputStream in = new java.io.BufferedInputStream(ctx.openArtifact(saved.get().artifactSha256()))) {
                resume = TrainingCheckpoint.readFrom(in);
            }
        }
        try (LoadedModel model = start(plan, config)) {
            TrainingLoop loop = new TrainingLoop(model.block(), config);
            ctx.setTags(Map.of("seed", Long.toString(config.seed()), "threads", Integer.toString(threads),
                    "engine.threads", Integer.toString(threads), "engine", engine(),
                    "engine.batchSlices", Integer.toString(loop.batchSlices(threads))));
            loop.addListener(new JobListener(ctx, config.epochs()));
            TrainingOutcome outcome = loop.fit(model.manager(), train, val, resume);

            ctx.progress(0.999, "evaluating the test split");
            Double testAcc = null;
            Double testLoss = null;
            Map<String, Object> metrics = new LinkedHashMap<>();
            if (test.size() > 0) {
                Evaluation e = Evaluation.run(model.block(), model.manager(), test, 256);
                testAcc = e.accuracy();
                testLoss = e.loss();
                ctx.logMetrics(outcome.epochsDone(), Map.of("test_acc", testAcc, "test_loss", testLoss));
                metrics.put("test_acc", testAcc);
                metrics.put("test_loss", testLoss);
                metrics.put("test_samples", e.samples());
            }
            metrics.put("epochs", outcome.epochsDone());
            metrics.put("best_epoch", outcome.bestEpoch());
            if (Double.isFinite(outcome.bestMetric())) {
                metrics.put("best_" + config.monitor().name().toLowerCase(java.util.Locale.ROOT), outcome.bestMetric());
            }
            metrics.put("stopped_early", outcome.stoppedEarly());
            ModelVersion registered = models.register(plan.modelName(), plan.kind(), plan.spec(),
                    SpecWeights.toBytes(model.block()), metrics,
                    ModelLineage.of(ctx.jobId(), ctx.runId(), plan.dataset(), "parentModelId",
                            plan.parent(), request.standardizeOrDefault(), config.seed()));
            ctx.progress(1, "registered model " + registered.name() + " v" + registered.version());
            return new Result(registered.id(), registered.name(), registered.version(), outcome.epochsDone(),
                    outcome.resumedFrom(), outcome.stoppedEarly(), outcome.bestEpoch(),
                    Double.isFinite(outcome.bestMetric()) ? outcome.bestMetric() : null, testAcc, testLoss,
                    test.size());
        }
    }

    /**
     * The job's training listener: progress and the cancel check at most every 2 s / 0.5 s between steps, and per
     * epoch its metrics, gauges, checkpoint and progress, then the cancel check.
     */
    private final class JobListener implements TrainingListener {
        private final JobContext ctx;
        private final int epochs;
        private long lastProgress;

        JobListener(JobContext ctx, int epochs) {
            this.ctx = ctx;
            this.epochs = epochs;
        }

        @Override
        public void stepDone(int step, int totalSteps, double loss) {
            // Cheap per batch: the context reads the job's state at most every 500 ms.
            ctx.checkCancelled();
            long now = System.nanoTime();
            if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                int batches = Math.max(1, totalSteps / epochs);
                ctx.progress((double) step / totalSteps, "epoch " + ((step - 1) / batches + 1) + "/" + epochs
                        + ", batch " + ((step - 1) % batches + 1) + "/" + batches);
            }
        }

        @Override
        public void epochDone(EpochMetrics m, TrainingCheckpoint cp) {
            // Metrics first: a crash before the checkpoint repeats the epoch, and its metrics overwrite
            // the same (run, key, step) rows, so each epoch appears once.
            ctx.logMetrics(m.epoch(), m.asTrackingMetrics());
            meters().epoch(KIND, m);
            ctx.saveCheckpoint(cp.meta(), new ByteArrayInputStream(cp.toBytes()));
            ctx.progress((double) m.epoch() / epochs, String.format(java.util.Locale.ROOT,
                    "epoch %d/%d: train_loss %.4f, val_acc %.4f", m.epoch(), epochs, m.trainLoss(), m.valAcc()));
            ctx.checkCancelled();
        }
    }

    /** A fresh model from the seed, or the parent's weights to fine-tune. */
    private LoadedModel start(TrainingPlanner.Plan plan, TrainingConfig config) throws IOException {
        if (plan.parent() != null) {
            return loader.load(plan.parent());
        }
        return loader.fresh(plan.spec(), plan.kind(), config.seed());
    }

    /** The engine this JVM trains with: a fact of the run, known only where it runs. */
    static String engine() {
        return Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion();
    }
}
