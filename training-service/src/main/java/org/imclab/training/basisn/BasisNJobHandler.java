package org.imclab.training.basisn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.jobs.Checkpoint;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.basisn.LayerReconstruction;
import org.imclab.training.datasets.DatasetData;
import org.imclab.training.datasets.DatasetService;
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingMeters;
import org.imclab.training.jobs.ModelTrainingHandler;
import org.imclab.training.models.LoadedModel;
import org.imclab.training.models.ModelLoader;
import org.imclab.training.models.ModelLineage;
import org.imclab.training.models.ModelRegistry;
import org.imclab.training.models.ModelVersion;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job kind {@code basisn}: trains a BasisN model from scratch or converts a registered model
 * ({@link BasisNRun}), tracks accuracy against the standard counterpart, reconstruction errors, N and X_B,
 * coefficient sparsity and bits and crossbar groups per layer, and registers the BasisN model with the
 * usage metadata the hardware simulator reads ({@code metrics.basisN}). Checkpoints every epoch of every
 * phase and resumes from the last one.
 */
@Component
public class BasisNJobHandler extends ModelTrainingHandler<BasisNRequest> {

    public static final String KIND = "basisn";

    private final JsonMapper json = JsonMapper.builder().build();

    public BasisNJobHandler(DatasetService datasets, ModelRegistry models, ModelLoader loader) {
        super(KIND, BasisNRequest.class, datasets, models, loader);
    }

    /** Per layer: crossbar groups used, nonzero coefficients and the reconstruction error (conversion). */
    @Schema(name = "BasisNLayerResult")
    public record LayerResult(String layer, int groupsUsed, long nonzeroCoefficients, long coefficients,
            int distinctLevels, Double reconstructionError) {
    }

    /** What the job returns. */
    @Schema(name = "BasisNResult")
    public record Result(long modelId, String modelName, int modelVersion, String mode, int rows, int basisSize,
            int coeffBits, int groups, int basisCrossbars, int cellsPerValue, double testAccuracy,
            Double baselineAccuracy, Long baselineModelId, Double accuracyDropPoints, Double convertedAccuracy,
            double meanGroupsUsed, Double prePruneMeanGroupsUsed, double coefficientSparsity,
            long nonzeroCoefficients, List<LayerResult> layers) {
    }

    @Override
    public Object run(BasisNRequest request, JobContext ctx) throws Exception {
        // Resolved and checked by the controller at submit; the params it resolved are the run's already.
        BasisNPlanner.Plan plan = ctx.requiredPlan(BasisNPlanner.Plan.class);
        BasisNSettings s = plan.settings();
        TrainingConfig config = s.config();
        int threads = EngineThreads.apply(config.threads());
        ctx.setTags(Map.of("seed", Long.toString(config.seed()), "threads", Integer.toString(threads),
                "engine.threads", Integer.toString(threads), "basisn.mode", s.mode().name().toLowerCase(Locale.ROOT),
                "engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()));
        ctx.progress(0, "loading data set " + plan.dataset().name() + " v" + plan.dataset().version());
        DatasetData data = datasets.load(plan.dataset());
        Samples test = data.samples(DatasetData.TEST, false);

        BasisNRun.Resume resume = resume(ctx);
        int baselineEpochs = plan.trainBaseline() ? config.epochs() : 0;
        int totalEpochs = baselineEpochs + config.epochs() + (s.pruneThreshold() > 0 ? s.pruneEpochs() : 0);
        Sink sink = new Sink(ctx, meters(), totalEpochs, baselineEpochs, config.epochs());
        BasisNRun run = new BasisNRun(s, data.samples(DatasetData.TRAIN, false), data.samples(DatasetData.VAL, false),
                test, sink);
        try (NDManager manager = NDManager.newBaseManager()) {
            Reference reference = reference(plan, ctx, run, manager, resume, test);
            if (reference.trained()) {
                resume = null; // the baseline's checkpoint is not one the BasisN phases resume from
            }
            reference.carryInto(run, ctx);
            BasisNOutcome outcome = basisN(plan, run, manager, resume, sink, ctx);
            ctx.progress(0.999, "registering the BasisN model");
            Map<String, Double> summary = outcome.metrics(s);
            if (reference.accuracy() != null) {
                summary.put("baseline_test_acc", reference.accuracy());
                summary.put("accuracy_drop_points", 100 * (reference.accuracy() - outcome.testAccuracy()));
            }
            ctx.logMetrics(totalEpochs + 1, summary);
            ModelVersion registered = registerBasisN(plan, ctx, outcome, summary, reference.modelId());
            ctx.progress(1, "registered model " + registered.name() + " v" + registered.version());
            return result(registered, plan, outcome, reference.accuracy(), reference.modelId());
        }
    }

    /**
     * What the BasisN model is compared with: its test accuracy and registry id, or nulls when there is none.
     *
     * @param trained the baseline was trained by this attempt (so the checkpoint read before is spent)
     */
    private record Reference(Double accuracy, Long modelId, boolean trained) {

        void carryInto(BasisNRun run, JobContext ctx) {
            if (accuracy != null) {
                ctx.logMetrics(0, Map.of("baseline_test_acc", accuracy));
                run.carry("baselineTestAcc", accuracy);
            }
            if (modelId != null) {
                run.carry("baselineModelId", modelId);
            }
        }
    }

    /**
     * The reference accuracy: carried in the checkpoint of a resumed BasisN phase, measured on a registered
     * model (the source of a conversion or a named baseline), or from a standard model trained and registered
     * here.
     */
    private Reference reference(BasisNPlanner.Plan plan, JobContext ctx, BasisNRun run, NDManager manager,
            BasisNRun.Resume resume, Samples test) throws Exception {
        if (resume != null && !BasisNRun.BASELINE.equals(resume.phase())) {
            Double id = number(resume.meta().get("baselineModelId"));
            return new Reference(number(resume.meta().get("baselineTestAcc")), id == null ? null : id.longValue(), false);
        }
        if (plan.baseline() != null || plan.source() != null) {
            ModelVersion reference = plan.baseline() != null ? plan.baseline() : plan.source();
            ctx.progress(0, "evaluating " + (plan.source() != null ? "the source" : "the baseline") + " model "
                    + reference.id());
            try (LoadedModel m = loader.load(reference)) {
                return new Reference(m.evaluate(test, BasisNRun.EVAL_BATCH).accuracy(), reference.id(), false);
            }
        }
        if (!plan.trainBaseline()) {
            return new Reference(null, null, false);
        }
        try (NDManager baselineManager = manager.newSubManager()) {
            BasisNRun.Baseline b = run.trainStandard(plan.standard(), baselineManager, resume);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("test_acc", b.test().accuracy());
            metrics.put("test_loss", b.test().loss());
            metrics.put("epochs", plan.settings().config().epochs());
            Map<String, Object> lineage = lineage(plan, ctx);
            // Its own lineage job key, so a retried job registers the baseline once and the BasisN model too.
            lineage.put("jobId", ctx.jobId() + "/baseline");
            lineage.put("role", "basisn-baseline");
            ModelVersion registered = models.register(plan.standard().name() + "-" + plan.dataset().name(),
                    ModelVersion.STANDARD, plan.standard(), SpecWeights.toBytes(b.model()), metrics, lineage);
            return new Reference(b.test().accuracy(), registered.id(), true);
        }
    }

    /** The BasisN phases: conversion of the source model, or training from scratch. */
    private BasisNOutcome basisN(BasisNPlanner.Plan plan, BasisNRun run, NDManager manager, BasisNRun.Resume resume,
            Sink sink, JobContext ctx) throws Exception {
        if (plan.source() == null) {
            return run.fromScratch(plan.standard(), manager, resume);
        }
        try (LoadedModel source = loader.load(plan.source())) {
            ctx.progress(sink.fraction(BasisNRun.BASISN, 0, 0, 1), "converting model " + plan.source().id());
            return run.convert(source.block(), manager, resume);
        }
    }

    /** Registers the BasisN model with the usage metadata the hardware simulator reads ({@code metrics.basisN}). */
    private ModelVersion registerBasisN(BasisNPlanner.Plan plan, JobContext ctx, BasisNOutcome outcome,
            Map<String, Double> summary, Long referenceId) throws java.io.IOException {
        BasisNSettings s = plan.settings();
        Map<String, Object> metrics = new LinkedHashMap<>(summary);
        Map<String, Object> basisN = new LinkedHashMap<>(outcome.usage().metadata());
        basisN.put("basisCrossbars", s.basisCrossbars());
        basisN.put("cellsPerValue", s.crossbar().cellsPerValue());
        basisN.put("columns", s.crossbar().columns());
        basisN.put("bitsPerCell", s.crossbar().bitsPerCell());
        basisN.put("weightBits", s.crossbar().weightBits());
        basisN.put("basisQuantized", s.basisQuantization().enabled());
        metrics.put("basisN", basisN);
        Map<String, Object> lineage = lineage(plan, ctx);
        if (referenceId != null) {
            lineage.put(plan.source() != null ? "parentModelId" : "baselineModelId", referenceId);
        }
        lineage.put("mode", s.mode().name().toLowerCase(Locale.ROOT));
        return models.register(plan.modelName(), ModelVersion.BASISN, plan.spec(), SpecWeights.toBytes(outcome.model()),
                metrics, lineage);
    }

    private Result result(ModelVersion registered, BasisNPlanner.Plan plan, BasisNOutcome o, Double baselineAcc,
            Long baselineId) {
        BasisNSettings s = plan.settings();
        Map<String, Double> errors = new LinkedHashMap<>();
        if (o.finalErrors() != null) {
            for (LayerReconstruction r : o.finalErrors()) {
                errors.put(r.name(), r.quantizedError());
            }
        }
        List<LayerResult> layers = o.usage().layers().stream().map(u -> new LayerResult(u.name(), u.groupsUsed(),
                u.nonzeroCoefficients(), u.coefficients(), u.distinctLevels(), errors.get(u.name()))).toList();
        return new Result(registered.id(), registered.name(), registered.version(),
                s.mode().name().toLowerCase(Locale.ROOT), s.basis().rows(), s.basis().size(), s.basis().coeffBits(),
                s.basis().groups(), s.basisCrossbars(), s.crossbar().cellsPerValue(), o.testAccuracy(), baselineAcc,
                baselineId, baselineAcc == null ? null : 100 * (baselineAcc - o.testAccuracy()), o.convertedAccuracy(),
                o.usage().meanGroupsUsed(), o.prePruneGroupsUsed(), o.usage().sparsity(), o.usage().totalNonzero(),
                layers);
    }

    @SuppressWarnings("unchecked")
    private BasisNRun.Resume resume(JobContext ctx) throws Exception {
        Optional<Checkpoint> saved = ctx.checkpoint();
        if (saved.isEmpty()) {
            return null;
        }
        Map<String, Object> meta = json.treeToValue(saved.get().meta(), Map.class);
        Object phase = meta.get("phase");
        if (phase == null) {
            return null;
        }
        try (InputStream in = new BufferedInputStream(ctx.openArtifact(saved.get().artifactSha256()))) {
            return new BasisNRun.Resume(phase.toString(), TrainingCheckpoint.readFrom(in), meta);
        }
    }

    /** Tracking, checkpoints, progress and cancellation for one job. */
    private static final class Sink implements BasisNRun.Sink {
        private final JobContext ctx;
        private final TrainingMeters meters;
        private final int totalEpochs;
        private final int baselineEpochs;
        private final int mainEpochs;
        private long lastProgress;

        Sink(JobContext ctx, TrainingMeters meters, int totalEpochs, int baselineEpochs, int mainEpochs) {
            this.ctx = ctx;
            this.meters = meters;
            this.totalEpochs = Math.max(1, totalEpochs);
            this.baselineEpochs = baselineEpochs;
            this.mainEpochs = mainEpochs;
        }

        double fraction(String phase, int epoch, int batch, int batches) {
            int offset = switch (phase) {
                case BasisNRun.BASELINE -> 0;
                case BasisNRun.BASISN -> baselineEpochs;
                default -> baselineEpochs + mainEpochs;
            };
            return Math.min(0.998, (offset + epoch + (double) batch / Math.max(1, batches)) / totalEpochs);
        }

        @Override
        public void epoch(String phase, org.imclab.common.nn.training.EpochMetrics m, Map<String, Double> extra,
                TrainingCheckpoint checkpoint, Map<String, Object> meta) {
            String prefix = BasisNRun.BASISN.equals(phase) ? "" : phase + ".";
            Map<String, Double> values = new LinkedHashMap<>();
            m.asTrackingMetrics().forEach((k, v) -> values.put(prefix + k, v));
            extra.forEach((k, v) -> values.put(prefix + k, v));
            // Metrics first: a crash before the checkpoint repeats the epoch and overwrites the same rows.
            ctx.logMetrics(m.epoch(), values);
            meters.epoch(KIND, m);
            ctx.saveCheckpoint(meta, new ByteArrayInputStream(checkpoint.toBytes()));
            ctx.progress(fraction(phase, m.epoch(), 0, 1), String.format(Locale.ROOT,
                    "%s epoch %d: train_loss %.4f, val_acc %.4f", phase, m.epoch(), m.trainLoss(), m.valAcc()));
            ctx.checkCancelled();
        }

        @Override
        public void step(String phase, int epoch, int batch, int batches) {
            ctx.checkCancelled();
            long now = System.nanoTime();
            if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                ctx.progress(fraction(phase, epoch, batch + 1, batches), phase + " epoch " + (epoch + 1) + ", batch "
                        + (batch + 1) + "/" + batches);
            }
        }
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Map<String, Object> lineage(BasisNPlanner.Plan plan, JobContext ctx) {
        return ModelLineage.of(ctx.jobId(), ctx.runId(), plan.dataset(), "sourceModelId", plan.source(), true,
                plan.settings().config().seed());
    }
}
