package org.imclab.pruning.pruning;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryException;
import org.imclab.common.registry.TrainingRegistryClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a pruning job: loads the registered model and data, runs the {@link PruningLoop}, and after every
 * iteration logs metrics, stores I[f, c] (and the criterion's scores) as artifacts with a row in
 * {@code pruning_iterations}, and checkpoints the current model, so a resumed job continues after its last
 * finished iteration. The final model is stored and registered in training-service's registry.
 */
@Component
class PruningJobHandler extends AbstractJobHandler<PruningRequest> {

    static final String KIND = "pruning";

    private final PruningInputs inputs;
    private final PruningIterations iterations;
    private final TrainingRegistryClient registry;
    private final JsonMapper json = JsonMapper.builder().build();

    PruningJobHandler(PruningInputs inputs, PruningIterations iterations, TrainingRegistryClient registry) {
        super(KIND, PruningRequest.class, DJL_GRADIENT, 1);
        this.inputs = inputs;
        this.iterations = iterations;
        this.registry = registry;
    }

    /**
     * What the controller resolves at submit and the job runs: the registered model and data set as the
     * registry described them, and the settings with every default and the MAC target filled in (the
     * accuracy floor of a relative request is resolved once the unpruned model is measured).
     */
    record Plan(PruningInputs.Model model, RegistryDataset dataset, PruningSettings settings) {
    }

    @Override
    public Object run(PruningRequest request, JobContext context) throws Exception {
        // Resolved and checked by the controller at submit: the model and data set records and the settings.
        Plan plan = context.requiredPlan(Plan.class);
        PruningInputs.Model model = plan.model();
        RegistryDataset dataset = plan.dataset();
        PruningSettings requested = plan.settings();
        PruningInputs.Data data = inputs.data(dataset, model);
        context.setTags(Map.of("djl.version", Engine.getDjlVersion(), "engine", Engine.getInstance().getEngineName(),
                "seed", Long.toString(requested.seed()), "parent.model", request.modelId()));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PruningState state;
            if (context.checkpoint().isPresent()) {
                state = PruningState.read(context.openArtifact(context.checkpoint().get().artifactSha256()));
            } else {
                context.progress(0, "evaluating the unpruned model");
                state = new PruningLoop(requested, data.train(), data.test(), manager).start(model.spec(),
                        inputs.weights(model));
                context.logMetrics(0, Map.of("accuracy", state.originalAccuracy(), "params",
                        (double) state.originalParams(), "macs", (double) state.originalMacs(), "macReduction", 0.0));
            }
            PruningSettings settings = requested.withAccuracyFloor(
                    PruningDefaults.accuracyFloor(request, state.originalValidationAccuracy()));
            // The floor a relative accuracyFloor resolves to is known only once the unpruned model is measured.
            context.setTags(Map.of("accuracyFloor.resolved", String.valueOf(settings.accuracyFloor())));
            PruningLoop loop = new PruningLoop(settings, data.train(), data.test(), manager);
            PruningState end = loop.run(state, (report, importance, s) -> {
                String k = Integer.toString(report.iteration());
                String importanceSha = context.saveArtifact("importance-" + k + ".json",
                        new ByteArrayInputStream(matrixJson(importance.get("class"))), "application/json");
                String scoresSha = null;
                String scoresKey = settings.criterion().name().toLowerCase(Locale.ROOT);
                if (importance.containsKey(scoresKey)) {
                    scoresSha = context.saveArtifact(scoresKey + "-scores-" + k + ".json",
                            new ByteArrayInputStream(matrixJson(importance.get(scoresKey))), "application/json");
                }
                iterations.save(context.jobId(), settings.criterion(), report, importanceSha, scoresSha);
                context.logMetrics(report.iteration(), metrics(report));
                if (s.iteration() == report.iteration()) {
                    context.saveCheckpoint(Map.of("iteration", report.iteration()), new ByteArrayInputStream(s.toBytes()));
                }
            }, new PruningLoop.Progress() {
                @Override
                public void checkCancelled() {
                    context.checkCancelled();
                }

                @Override
                public void report(double fraction, String step) {
                    context.progress(fraction, step);
                }
            });
            return result(request, settings, end, context, data);
        }
    }

    private PruningResult result(PruningRequest request, PruningSettings settings, PruningState end,
            JobContext context, PruningInputs.Data data) throws IOException {
        var a = SpecAnalysis.analyze(end.spec());
        String specSha = context.saveArtifact("pruned-spec.json",
                new ByteArrayInputStream(end.spec().toJson().getBytes(StandardCharsets.UTF_8)), "application/json");
        String weightsSha = context.saveArtifact("pruned-weights.params", new ByteArrayInputStream(end.weights()),
                "application/octet-stream");
        double accuracy = end.history().stream().filter(IterationReport::accepted).reduce((x, y) -> y)
                .map(IterationReport::accuracyAfterFineTuning).orElse(end.originalAccuracy());
        double macReduction = 1 - (double) a.totalMacs() / end.originalMacs();
        var pruned = new PruningResult.Pruned(accuracy, a.totalParams(), a.totalMacs(), macReduction,
                1 - (double) a.totalParams() / end.originalParams(), PruningLoop.channels(end.spec()), specSha, weightsSha);
        var original = new PruningResult.Original(end.originalAccuracy(), end.originalValidationAccuracy(),
                end.originalParams(), end.originalMacs());
        List<String> warnings = PruningWarnings.of(settings, end, macReduction);
        boolean register = !Boolean.FALSE.equals(request.register()) && end.iteration() > 0;
        if (!Boolean.FALSE.equals(request.register()) && end.iteration() == 0) {
            warnings.add("not registered: the model is unchanged");
        }
        String registeredModelId = null;
        String registrationError = null;
        if (register) {
            // Field names follow training-service's ModelVersion: metrics.test_acc, lineage {jobId, datasetId,
            // parentModelId, normalization}.
            Map<String, Object> lineage = new LinkedHashMap<>();
            lineage.put("jobId", context.jobId().toString());
            lineage.put("pruningJobId", context.jobId().toString());
            lineage.put("parentModelId", request.modelId());
            lineage.put("datasetId", request.datasetId());
            lineage.put("source", "pruning");
            lineage.put("criterion", settings.criterion().name());
            lineage.put("normalization", Map.of("kind", "image", "mean", data.mean(), "std", data.std()));
            lineage.put("classNames", data.train().data().classNames());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", end.spec().name() + "-pruned");
            body.put("kind", "standard");
            body.put("spec", json.readTree(end.spec().toJson()));
            body.put("weightsSha", weightsSha);
            body.put("metrics", Map.of("test_acc", accuracy, "params", a.totalParams(), "macs", a.totalMacs(),
                    "mac_reduction", macReduction));
            body.put("lineage", lineage);
            try {
                registeredModelId = registry.registerModel(body);
            } catch (RegistryException e) {
                // The pruned spec and weights stay as run artifacts; the job's result says why it is not registered.
                registrationError = e.getMessage();
                warnings.add("not registered: " + e.getMessage());
            }
        }
        return new PruningResult(settings.criterion(), settings.targetMacReduction(), settings.accuracyFloor(),
                end.stopReason(), end.iteration(), original, pruned, warnings, registeredModelId, registrationError);
    }

    /**
     * The resolved settings as run params, written at submit. The accuracy floor is the request's (absolute,
     * or null for relative); the absolute floor of a relative one is the run's tag accuracyFloor.resolved.
     */
    static Map<String, String> params(PruningRequest r, PruningSettings s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("modelId", r.modelId());
        p.put("datasetId", r.datasetId());
        p.put("criterion", s.criterion().name());
        p.put("tau", Double.toString(s.tau()));
        p.put("kMin", Integer.toString(s.rule().kMin()));
        p.put("maxFractionPerIteration", Double.toString(s.rule().maxFractionPerIteration()));
        p.put("minChannels", Integer.toString(s.rule().minChannels()));
        p.put("residualMode", s.residualMode().name());
        p.put("samplesPerClass", Integer.toString(s.samplesPerClass()));
        if (s.accuracyFloor() != null) {
            p.put("accuracyFloor", Double.toString(s.accuracyFloor()));
        }
        p.put("targetMacReduction", String.valueOf(s.targetMacReduction()));
        p.put("maxIterations", Integer.toString(s.maxIterations()));
        p.put("fineTune", s.fineTune().toString());
        p.put("seed", Long.toString(s.seed()));
        return p;
    }

    private static Map<String, Double> metrics(IterationReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracyBeforePruning", r.accuracyBeforePruning());
        m.put("accuracyAfterPruning", r.accuracyAfterPruning());
        m.put("accuracyAfterFineTuning", r.accuracyAfterFineTuning());
        m.put("params", (double) r.params());
        m.put("macs", (double) r.macs());
        m.put("macReduction", r.macReduction());
        m.put("removedFilters", (double) r.removed().values().stream().mapToInt(Integer::intValue).sum());
        m.put("meanClassCountRemoved", r.meanRemovedClassCount());
        m.put("meanClassCountKept", r.meanKeptClassCount());
        r.channels().forEach((layer, c) -> m.put("channels." + layer, (double) c));
        m.values().removeIf(v -> v == null || !Double.isFinite(v));
        return m;
    }

    /** {layer: [[I[f][c] ...] per filter]} as JSON. */
    byte[] matrixJson(ImportanceMatrix m) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        m.values().forEach((layer, rows) -> out.put(layer, List.of(rows)));
        return json.writeValueAsBytes(out);
    }
}
