package org.imclab.training.models;

import java.time.Instant;
import java.util.Map;
import org.imclab.common.nn.ModelSpec;

/**
 * A registered model version: its spec, weights artifact, metrics and lineage.
 *
 * @param id         row id
 * @param name       model name
 * @param version    1, 2, ... per owner and name
 * @param kind       "standard" or "basisn"
 * @param spec       the model spec
 * @param weightsSha SHA-256 of the weights artifact (DJL parameter format, see SpecWeights)
 * @param metrics    e.g. test_acc, test_loss, best_val_acc, epochs
 * @param lineage    e.g. jobId, runId, datasetId, parentModelId, normalization {mean, std}
 * @param createdAt  registration time
 * @param owner      the API key that registered it ({@code key:<id>}; for a job's model, the job's owner)
 * @param project    that key's project, if any: the project's other keys see the model too
 */
public record ModelVersion(long id, String name, int version, String kind, ModelSpec spec, String weightsSha,
        Map<String, Object> metrics, Map<String, Object> lineage, Instant createdAt, String owner, String project) {

    public static final String STANDARD = "standard";
    public static final String BASISN = "basisn";
}
