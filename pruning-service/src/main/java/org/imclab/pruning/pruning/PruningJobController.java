package org.imclab.pruning.pruning;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryException;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Pruning jobs: submit, get, list, cancel, events (common's job API), plus the per-iteration reports and the
 * importance matrix I[f, c] of an iteration.
 */
@RestController
@RequestMapping("/api/v1/pruning-jobs")
class PruningJobController extends JobResourceController<PruningRequest> {

    private final PruningInputs inputs;
    private final PruningIterations iterations;
    private final ArtifactStore artifacts;
    private final JobStore jobs;

    PruningJobController(JobSubmissions submissions, JobStore jobs, JobEventStream events, PruningInputs inputs,
            PruningIterations iterations, ArtifactStore artifacts) {
        super(PruningJobHandler.KIND, submissions, jobs, events);
        this.inputs = inputs;
        this.iterations = iterations;
        this.artifacts = artifacts;
        this.jobs = jobs;
    }

    /**
     * Existence and consistency checks: the model, the data set's classes, every ratio, the MAC target. What
     * they resolve is the job's plan, and the resolved settings become the run's params here, at submit.
     */
    @Override
    protected JobPlan plan(PruningRequest r) {
        try {
            PruningDefaults.checkTarget(r.targetMacReduction());
            PruningInputs.Model model = inputs.model(r.modelId());
            RegistryDataset dataset = inputs.dataset(r.datasetId(), model.spec());
            PruningSettings s = PruningDefaults.settings(r, model.spec().classes(), target(r));
            // The default target is not checked here: a model too small for it prunes what it can and warns.
            if (s.targetMacReduction() != null && (r.targetMacReduction() != null || r.matchJobId() != null)) {
                var groups = FilterGroups.of(model.spec(), s.residualMode());
                long original = SpecAnalysis.analyze(model.spec()).totalMacs();
                double reachable = 1 - (double) MacBudget.minimumMacs(model.spec(), groups, s.rule().minChannels())
                        / original;
                if (s.targetMacReduction() > reachable) {
                    throw new PruningDefaults.FieldException(r.targetMacReduction() != null ? "targetMacReduction"
                            : "matchJobId", String.format(java.util.Locale.ROOT,
                                    "cannot remove %.3f of the MACs: with minChannels %d and residualMode %s at most "
                                            + "%.3f can go", s.targetMacReduction(), s.rule().minChannels(),
                                    s.residualMode(), reachable));
                }
            }
            return new JobPlan(new PruningJobHandler.Plan(model, dataset, s), PruningJobHandler.params(r, s));
        } catch (PruningDefaults.FieldException e) {
            throw ApiException.badRequest(e.field, e.getMessage());
        } catch (RegistryException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.<FieldError>of());
        }
    }

    /**
     * The MAC target of a request: its own (0: none), the final reduction of the job it matches, or for
     * class-aware pruning {@link PruningDefaults#DEFAULT_TARGET}. Baselines have no default: comparing
     * criteria at matched MACs should be an explicit choice.
     */
    private Double target(PruningRequest r) {
        if (r.targetMacReduction() != null) {
            return r.targetMacReduction() == 0 ? null : r.targetMacReduction();
        }
        if (r.matchJobId() == null) {
            boolean classAware = r.criterion() == null || r.criterion().classAware();
            return classAware ? PruningDefaults.DEFAULT_TARGET : null;
        }
        // Only a job the submitter may see can set the target.
        var job = jobs.find(r.matchJobId(), Caller.currentOrSystem())
                .filter(j -> PruningJobHandler.KIND.equals(j.kind())).orElseThrow(() -> new PruningDefaults.FieldException("matchJobId", "no pruning job '" + r.matchJobId() + "'"));
        JsonNode reduction = job.result() == null ? null : job.result().path("final").get("macReduction");
        if (reduction == null || !reduction.isNumber() || reduction.asDouble() <= 0) {
            throw new PruningDefaults.FieldException("matchJobId", "job '" + r.matchJobId()
                    + "' has not finished with a MAC reduction to match");
        }
        return Math.min(PruningDefaults.MAX_TARGET, reduction.asDouble());
    }

    @Operation(summary = "The importance matrix I[f, c] of an iteration (default: the latest): {layer: [[...]]}, "
            + "one row per filter, one column per class, normalised within each layer")
    @GetMapping(path = "/{id}/importance", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> importance(@PathVariable UUID id, @RequestParam(name = "iteration", required = false)
            Integer iteration) {
        jobs.get(id, PruningJobHandler.KIND);
        if (iteration != null && iteration < 1) {
            throw ApiException.badRequest("iteration", "must be >= 1");
        }
        String sha = iterations.importanceSha(id, iteration).orElseThrow(() -> ApiException.notFound(
                "importance of iteration", iteration == null ? "latest" : iteration));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(artifacts.readAllBytes(sha));
    }

    @Operation(summary = "Per-iteration reports: accuracy before/after fine-tuning, params, MACs, channels per layer")
    @GetMapping("/{id}/iterations")
    List<JsonNode> iterations(@PathVariable UUID id) {
        jobs.get(id, PruningJobHandler.KIND);
        return iterations.reports(id);
    }

    @Override
    public JobResultSchema resultSchema() {
        return JobResultSchema.of(PruningResult.class);
    }
}
