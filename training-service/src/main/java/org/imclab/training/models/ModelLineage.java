package org.imclab.training.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.web.ApiException;
import org.imclab.training.datasets.DatasetVersion;

/**
 * The lineage fields of a registered model that the registry itself reads: the data set it came from, the
 * input normalisation its predictions need and its class names. Writers (the training jobs) and readers
 * (evaluation, prediction) share these helpers so both agree on the format.
 */
public final class ModelLineage {

    private ModelLineage() {
    }

    /**
     * The lineage a training job registers its model with: its job and run, the data set version, the
     * registered model it started from (under {@code fromKey}: {@code parentModelId} for fine-tuning,
     * {@code sourceModelId} for a BasisN conversion; left out when {@code from} is null), the class names, the
     * input normalisation (a table trained without {@code standardize} records {@code standardize: false}) and
     * the seed.
     */
    public static Map<String, Object> of(UUID jobId, UUID runId, DatasetVersion data, String fromKey,
            ModelVersion from, boolean standardize, long seed) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("jobId", jobId.toString());
        l.put("runId", runId.toString());
        l.put("datasetId", data.id());
        l.put("datasetName", data.name());
        l.put("datasetVersion", data.version());
        if (from != null) {
            l.put(fromKey, from.id());
        }
        l.put("classNames", data.classNames());
        boolean standardized = data.isImage() || standardize;
        l.put("normalization", normalization(data, standardized));
        if (!standardized) {
            l.put("standardize", false);
        }
        l.put("seed", seed);
        return l;
    }

    /** The image normalisation recorded for a model, as the training data set defined it. */
    public static Map<String, Object> normalization(DatasetVersion data) {
        return normalization(data, true);
    }

    /** Without {@code standardize} (tabular only), the identity: mean 0 and std 1 per feature, so predict agrees. */
    public static Map<String, Object> normalization(DatasetVersion data, boolean standardize) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("kind", data.kind());
        float[] mean = data.mean();
        float[] std = data.std();
        if (!standardize && !data.isImage()) {
            mean = new float[mean.length];
            std = new float[std.length];
            Arrays.fill(std, 1f);
        }
        n.put("mean", mean);
        n.put("std", std);
        return n;
    }

    /**
     * Rejects a {@code normalization} lineage entry that prediction could not apply to inputs of
     * {@code spec}: it must be {kind, mean, std} with one finite value per input channel (images) or per
     * feature (tables). Null passes: the model then takes inputs as they are.
     */
    static void checkNormalization(ModelSpec spec, Object n) {
        if (n == null) {
            return;
        }
        if (!(n instanceof Map<?, ?> norm)) {
            throw ApiException.badRequest("lineage.normalization", "must be an object {kind, mean, std}");
        }
        boolean image = DatasetVersion.IMAGE.equals(norm.get("kind"));
        if (!image && !DatasetVersion.TABULAR.equals(norm.get("kind"))) {
            throw ApiException.badRequest("lineage.normalization.kind", "must be \"image\" or \"tabular\"");
        }
        int expected = image ? spec.input()[0] : Arrays.stream(spec.input()).reduce(1, (a, b) -> a * b);
        for (String key : List.of("mean", "std")) {
            Object v = norm.get(key);
            if (!(v instanceof List<?> list) || list.size() != expected
                    || !list.stream().allMatch(x -> x instanceof Number num && Double.isFinite(num.doubleValue()))) {
                throw ApiException.badRequest("lineage.normalization." + key, "must be " + expected
                        + " finite numbers (" + (image ? "one per input channel" : "one per feature") + ")");
            }
        }
    }

    /**
     * The data set version the model's lineage names, when it is a version id of this registry (training
     * writes a number; other services may write a numeric string).
     */
    public static Optional<Long> dataset(ModelVersion model) {
        Object d = model.lineage() == null ? null : model.lineage().get("datasetId");
        if (d instanceof Number n) {
            return Optional.of(n.longValue());
        }
        if (d instanceof String s && s.matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(s));
        }
        return Optional.empty();
    }

    /** The class names the lineage records, else "0", "1", ... for the spec's classes. */
    @SuppressWarnings("unchecked")
    static List<String> classNames(ModelVersion model) {
        Object names = model.lineage().get("classNames");
        if (names instanceof List<?> l) {
            return (List<String>) l;
        }
        List<String> out = new ArrayList<>();
        for (int c = 0; c < model.spec().classes(); c++) {
            out.add(Integer.toString(c));
        }
        return out;
    }
}
