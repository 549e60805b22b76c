package org.imclab.training.jobs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.web.ApiException;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.training.models.ModelRegistry;
import org.imclab.training.models.ModelVersion;
import org.springframework.stereotype.Component;

/**
 * Resolves a training request into what the job runs: data set version, spec, parent model and config.
 * The controller calls it once, at submit, rejecting bad requests with 400s before queueing; the plan is
 * stored with the job ({@link JobPlan}) and the job runs it without resolving anything again.
 */
@Component
public class TrainingPlanner {

    /** A resolved request. */
    public record Plan(DatasetVersion dataset, ModelSpec spec, String kind, ModelVersion parent,
            TrainingConfig config, String modelName) {
    }

    private final DatasetService datasets;
    private final ModelRegistry models;

    public TrainingPlanner(DatasetService datasets, ModelRegistry models) {
        this.datasets = datasets;
        this.models = models;
    }

    /** The plan and the run params it resolves, for {@link org.imclab.common.jobs.JobSubmissions}. */
    public JobPlan jobPlan(TrainingRequest r) {
        Plan plan = plan(r);
        return new JobPlan(plan, params(plan, r));
    }

    public Plan plan(TrainingRequest r) {
        TrainingConfig config = r.toConfig();
        DatasetVersion data = dataset(r);
        ModelVersion parent = null;
        if (r.parentModelId() != null) {
            parent = models.find(r.parentModelId()).orElseThrow(() -> ApiException.badRequest("parentModelId",
                    "model " + r.parentModelId() + " does not exist"));
        }
        ModelSpec spec;
        String kind;
        if (r.model() != null) {
            spec = r.model().resolve(data.shape(), data.numClasses(), "model");
            kind = ModelVersion.STANDARD;
            if (parent != null && !parent.spec().equals(spec)) {
                throw ApiException.badRequest("parentModelId", "the parent model's spec differs from the requested "
                        + "model; omit model to fine-tune the parent as it is");
            }
            if (parent != null) {
                kind = parent.kind();
            }
        } else if (parent != null) {
            spec = parent.spec();
            kind = parent.kind();
        } else {
            throw ApiException.badRequest("model", "give a zoo model ({\"name\": \"lenet5\"}), a full spec, or "
                    + "parentModelId");
        }
        String field = r.model() != null ? "model" : "parentModelId";
        if (!Arrays.equals(spec.input(), data.shape())) {
            throw ApiException.badRequest(field, "the model takes inputs of shape " + Arrays.toString(spec.input())
                    + " but data set " + data.id() + " has samples of shape " + Arrays.toString(data.shape()));
        }
        if (spec.classes() != data.numClasses()) {
            throw ApiException.badRequest(field, "the model has " + spec.classes() + " classes but data set "
                    + data.id() + " has " + data.numClasses());
        }
        if (config.augment() && !(data.isImage() && data.shape()[0] == 3 && data.shape()[1] == 32
                && data.shape()[2] == 32)) {
            throw ApiException.badRequest("augment", "crop and flip augmentation applies to 32x32 colour images; "
                    + "data set " + data.id() + " has samples of shape " + Arrays.toString(data.shape()));
        }
        if (Boolean.FALSE.equals(r.standardize()) && data.isImage()) {
            throw ApiException.badRequest("standardize", "applies to tabular data sets; images are always "
                    + "normalised per channel");
        }
        if (config.batchSize() > data.trainSize()) {
            throw ApiException.badRequest("batchSize", "is larger than the training split (" + data.trainSize()
                    + " samples)");
        }
        String name = r.modelName() != null ? r.modelName() : spec.name() + "-" + data.name();
        if (name.isBlank() || name.length() > 100) {
            throw ApiException.badRequest("modelName", "must be 1-100 characters");
        }
        return new Plan(data, spec, kind, parent, config, name);
    }

    /** The resolved values beside the request's own params: versions pinned and every default filled in. */
    static Map<String, String> params(Plan plan, TrainingRequest r) {
        TrainingConfig c = plan.config();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dataset.id", Long.toString(plan.dataset().id()));
        p.put("dataset.name", plan.dataset().name());
        p.put("dataset.version", Integer.toString(plan.dataset().version()));
        p.put("model.spec_name", plan.spec().name());
        p.put("model.kind", plan.kind());
        p.putAll(configParams(c));
        if (!plan.dataset().isImage()) {
            p.put("standardize", Boolean.toString(r.standardizeOrDefault()));
        }
        return p;
    }

    /** A training configuration with every default filled in, as run params (shared with BasisN jobs). */
    public static Map<String, String> configParams(TrainingConfig c) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("optimizer", c.optimizer().name().toLowerCase(Locale.ROOT));
        p.put("learningRate", Double.toString(c.learningRate()));
        p.put("momentum", Double.toString(c.momentum()));
        p.put("weightDecay", Double.toString(c.weightDecay()));
        p.put("schedule", c.schedule().name().toLowerCase(Locale.ROOT));
        p.put("stepEpochs", Integer.toString(c.stepEpochs()));
        p.put("stepGamma", Double.toString(c.stepGamma()));
        p.put("warmupEpochs", Integer.toString(c.warmupEpochs()));
        p.put("epochs", Integer.toString(c.epochs()));
        p.put("batchSize", Integer.toString(c.batchSize()));
        p.put("patience", Integer.toString(c.patience()));
        p.put("monitor", c.monitor().name().toLowerCase(Locale.ROOT));
        p.put("augment", Boolean.toString(c.augment()));
        p.put("seed", Long.toString(c.seed()));
        return p;
    }

    private DatasetVersion dataset(TrainingRequest r) {
        return datasets.resolve(r.datasetId(), r.datasetName(), r.datasetVersion());
    }
}
