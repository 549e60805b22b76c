package org.imclab.common.registry;

import tools.jackson.databind.JsonNode;

/**
 * What the simulators need from one registered data set version. Fields the registry did not send are
 * null; {@code raw} keeps the whole record.
 *
 * @param id          data set id
 * @param artifactSha SHA-256 of the whole data set's .npz artifact (common.data NpzDataset; training-service adds
 *                    a {@code split.npy}, uint8 per sample: 0 train, 1 validation, 2 test)
 * @param testSha     SHA-256 of a separate test-split .npz, when the registry stores splits apart
 * @param shape       sample shape [C,H,W]
 * @param classes     number of classes
 * @param split       split information when the record carries it (index arrays per split, or a seed and
 *                    fractions); null when the split lives in the artifact
 * @param mean        per-channel mean of x/255 on the training split, if recorded
 * @param std         per-channel standard deviation of x/255 on the training split, if recorded
 * @param raw         the record as the registry sent it
 */
public record RegistryDataset(String id, String artifactSha, String testSha, int[] shape, Integer classes,
        JsonNode split, double[] mean, double[] std, JsonNode raw) {

    static RegistryDataset of(String requestedId, JsonNode n) {
        JsonNode stats = RegistryJson.first(n, "normalization", "normalisation", "stats", "channelStats");
        JsonNode classes = RegistryJson.first(n, "numClasses", "classes", "classCount");
        Integer classCount = classes == null ? null
                : classes.isArray() ? Integer.valueOf(classes.size()) : classes.isNumber() ? classes.asInt() : null;
        String id = RegistryJson.text(n, "id", "datasetId");
        return new RegistryDataset(
                id == null ? requestedId : id,
                RegistryJson.text(n, "artifactSha", "artifactSha256", "sha256", "artifact.sha256", "artifact.sha",
                        "artifact"),
                RegistryJson.text(n, "testSha", "testArtifactSha", "splits.test.sha256", "splits.test.artifactSha",
                        "split.test.sha256"),
                RegistryJson.ints(RegistryJson.first(n, "shape", "sampleShape", "imageShape")),
                classCount,
                RegistryJson.first(n, "split", "splits"),
                RegistryJson.doubles(stats != null ? RegistryJson.first(stats, "mean") : RegistryJson.first(n, "mean")),
                RegistryJson.doubles(stats != null ? RegistryJson.first(stats, "std") : RegistryJson.first(n, "std")),
                n);
    }

    /** The data set's name, or null. */
    public String name() {
        return RegistryJson.text(raw, "name");
    }

    /** The version number within the name, or null. */
    public Integer version() {
        JsonNode v = RegistryJson.first(raw, "version");
        return v != null && v.isNumber() ? Integer.valueOf(v.asInt()) : null;
    }

    /** "image" or "tabular", or null when the registry did not say. */
    public String kind() {
        return RegistryJson.text(raw, "kind");
    }

    /** Class names in label order; empty when the registry sent none. */
    public java.util.List<String> classNames() {
        return RegistryJson.strings(RegistryJson.first(raw, "classNames"));
    }
}
