package org.imclab.common.registry;

import tools.jackson.databind.JsonNode;

/**
 * What the simulators need from one registered model version. Fields the registry did not send are
 * null; {@code raw} keeps the whole record for anything else.
 *
 * @param id         model id
 * @param spec       the model spec JSON (common.nn ModelSpec)
 * @param weightsSha SHA-256 of the weights artifact (DJL parameter format, common.nn SpecWeights)
 * @param kind       e.g. "standard" or "basisn"
 * @param datasetId  data set the model was trained on ({@code lineage.datasetId})
 * @param metrics    recorded metrics (test accuracy etc.), an object
 * @param basisN     BasisN usage ({@code metrics.basisN}: basisSize, coeffBits, groups, perLayer {groupsUsed,
 *                   nonzeroCoefficients}), if any
 * @param mean       per-channel input normalisation mean of x/255 ({@code lineage.normalization.mean})
 * @param std        per-channel input normalisation std of x/255 ({@code lineage.normalization.std})
 * @param raw        the record as the registry sent it
 */
public record RegistryModel(String id, JsonNode spec, String weightsSha, String kind, String datasetId,
        JsonNode metrics, JsonNode basisN, double[] mean, double[] std, JsonNode raw) {

    static RegistryModel of(String requestedId, JsonNode n) {
        JsonNode spec = RegistryJson.first(n, "spec", "modelSpec", "version.spec");
        if (spec != null && spec.isString()) {
            spec = tools.jackson.databind.json.JsonMapper.builder().build().readTree(spec.asString());
        }
        JsonNode norm = RegistryJson.first(n, "lineage.normalization", "normalization", "normalisation",
                "preprocessing");
        String id = RegistryJson.text(n, "id", "modelId");
        return new RegistryModel(
                id == null ? requestedId : id,
                spec,
                RegistryJson.text(n, "weightsSha", "weightsSha256", "weights.sha256", "weights.sha",
                        "weightsArtifact.sha256", "weightsArtifact", "weights"),
                RegistryJson.text(n, "kind", "type", "modelKind"),
                RegistryJson.text(n, "lineage.datasetId", "datasetId", "dataset.id", "lineage.dataset"),
                RegistryJson.first(n, "metrics"),
                RegistryJson.first(n, "metrics.basisN", "basisN", "basisn", "basisUsage"),
                RegistryJson.doubles(RegistryJson.first(norm, "mean")),
                RegistryJson.doubles(RegistryJson.first(norm, "std")),
                n);
    }
}
