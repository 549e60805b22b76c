package org.imclab.training.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import tools.jackson.databind.json.JsonMapper;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.imclab.training.datasets.DatasetData;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.Samples;
import org.imclab.training.persistence.StandaloneRepositories;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** The model registry: registration, lookup, evaluation and prediction. */
@Service
public class ModelService {

    public static final int MAX_PREDICT_BATCH = 1024;
    private static final int EVAL_BATCH = 256;

    private final ModelRepository repository;
    private final JsonMapper json;
    private final ArtifactStore artifacts;
    private final ModelLoader loader;
    private final DatasetService datasets;

    ModelService(ModelRepository repository, ArtifactStore artifacts, ModelLoader loader, DatasetService datasets,
            JsonMapper json) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.loader = loader;
        this.datasets = datasets;
        this.json = json;
    }

    /** Wiring without the Spring Boot application, for worker processes and tests. */
    public static ModelService standalone(javax.sql.DataSource dataSource, ArtifactStore artifacts, JsonMapper json,
            ModelLoader loader, DatasetService datasets) {
        return new ModelService(StandaloneRepositories.of(dataSource, ModelRepository.class), artifacts, loader, datasets,
                json);
    }

    /**
     * Registers a new version of {@code name}. When {@code lineage} has a {@code jobId} that already
     * registered a model, that one is returned, so a job retried after a crash registers once.
     */
    public ModelVersion register(String name, String kind, ModelSpec spec, byte[] weights, Map<String, Object> metrics,
            Map<String, Object> lineage) {
        Optional<ModelVersion> existing = registeredBy(lineage);
        if (existing.isPresent()) {
            return existing.get();
        }
        String sha = artifacts.putBytes(weights, "application/octet-stream").sha256();
        // Registered inside a job: the job's owner (bound by the worker) owns the model.
        return insert(name, kind, spec, sha, metrics, lineage).model();
    }

    /**
     * A model whose weights are already in the artifact store, registered by another service (e.g. a pruned
     * model from pruning-service).
     *
     * @param name       model name; versions count per name
     * @param kind       "standard" (default) or "basisn"
     * @param spec       the model spec the weights belong to
     * @param weightsSha SHA-256 of the weights artifact (SpecWeights format)
     * @param metrics    e.g. test_acc, params, macs
     * @param lineage    e.g. jobId (makes the call idempotent), parentModelId, datasetId, normalization
     */
    public record RegisterRequest(String name, String kind, ModelSpec spec, String weightsSha,
            Map<String, Object> metrics, Map<String, Object> lineage) {
    }

    /** What {@link #register(RegisterRequest)} did: a new version, or the one this job registered before. */
    public record Registration(ModelVersion model, boolean created) {
    }

    /**
     * Registers weights that are already stored, after checking that they load into the spec, so nothing
     * unusable lands in the registry. Errors name the request field.
     */
    public Registration register(RegisterRequest r) {
        if (r == null) {
            throw ApiException.badRequest("body", "give name, spec and weightsSha");
        }
        if (r.name() == null || r.name().isBlank()) {
            throw ApiException.badRequest("name", "is required");
        }
        if (r.name().length() > 200 || !r.name().matches("[A-Za-z0-9][A-Za-z0-9._:+-]*")) {
            throw ApiException.badRequest("name", "must be 1-200 letters, digits or . _ : + - (no spaces)");
        }
        String kind = r.kind() == null ? ModelVersion.STANDARD : r.kind();
        if (!loader.knows(kind)) {
            throw ApiException.badRequest("kind", "'" + kind + "' is not one of " + loader.kinds());
        }
        if (r.spec() == null) {
            throw ApiException.badRequest("spec", "is required");
        }
        try {
            org.imclab.common.nn.SpecValidator.validate(r.spec());
        } catch (org.imclab.common.nn.InvalidSpecException e) {
            throw new org.imclab.common.nn.InvalidSpecException("spec." + e.field(), e.layer(), e.reason());
        }
        if (r.weightsSha() == null || !r.weightsSha().matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("weightsSha", "must be the 64 lowercase hex digits of a SHA-256");
        }
        if (!artifacts.exists(r.weightsSha())) {
            throw ApiException.badRequest("weightsSha", "no stored artifact has this SHA-256");
        }
        Map<String, Object> metrics = r.metrics() == null ? Map.of() : r.metrics();
        Map<String, Object> lineage = r.lineage() == null ? Map.of() : r.lineage();
        checkLineage(r.spec(), lineage);
        Optional<ModelVersion> existing = registeredBy(lineage);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        try (InputStream in = artifacts.open(r.weightsSha()); LoadedModel m = loader.load(r.spec(), kind, in)) {
            // Loaded only to prove the weights fit the spec; a mismatch throws below.
        } catch (org.springframework.dao.DataAccessException e) {
            throw e; // the store failing is not the caller's fault
        } catch (IOException | RuntimeException e) {
            // Any other failure comes from the bytes the caller named (another spec's weights, not weights at all).
            throw ApiException.badRequest("weightsSha", "the weights do not load into this spec: " + e.getMessage());
        }
        return insert(r.name(), kind, r.spec(), r.weightsSha(), metrics, lineage);
    }

    /**
     * Inserts the model, unless a concurrent registration of the same job won the race after our lookup:
     * then the unique (owner, source_job_id) key made our insert a no-op and the winner's model is the answer.
     */
    private Registration insert(String name, String kind, ModelSpec spec, String sha, Map<String, Object> metrics,
            Map<String, Object> lineage) {
        Caller owner = Caller.currentOrSystem();
        String job = sourceJob(lineage);
        for (int attempt = 0; ; attempt++) {
            try {
                return repository.insertNextVersion(name, kind, spec.toJson(), sha, json.writeValueAsString(metrics),
                                json.writeValueAsString(lineage), job, owner.owner(), owner.project())
                        .map(id -> new Registration(repository.find(id, Caller.SYSTEM).orElseThrow(), true))
                        .orElseGet(() -> new Registration(repository.findByJob(job, owner.owner()).orElseThrow(), false));
            } catch (DataIntegrityViolationException versionTaken) {
                // A concurrent registration of the same name took this version number first: count again.
                if (attempt >= 5) {
                    throw versionTaken;
                }
            }
        }
    }

    static final int MAX_JOB_ID = 200;

    private static String sourceJob(Map<String, Object> lineage) {
        Object job = lineage.get("jobId");
        return job == null ? null : job.toString();
    }

    /**
     * The model the job in {@code lineage.jobId} registered already, for the current owner: a retried job
     * registers once, and another key reusing the job id gets its own model, never this one.
     */
    private Optional<ModelVersion> registeredBy(Map<String, Object> lineage) {
        String job = sourceJob(lineage);
        return job == null ? Optional.empty() : repository.findByJob(job, Caller.currentOrSystem().owner());
    }

    /** The lineage fields other parts of the registry read: the parent model and the input normalisation. */
    private void checkLineage(ModelSpec spec, Map<String, Object> lineage) {
        Object job = lineage.get("jobId");
        // The job id is a unique key (source_job_id); job ids are UUIDs, and a bounded key keeps its index entries small.
        if (job != null && (!(job instanceof String || job instanceof Number) || job.toString().isBlank()
                || job.toString().length() > MAX_JOB_ID)) {
            throw ApiException.badRequest("lineage.jobId", "must be a job id of 1 to " + MAX_JOB_ID + " characters");
        }
        Object parent = lineage.get("parentModelId");
        if (parent != null) {
            long id;
            try {
                id = Long.parseLong(parent.toString());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("lineage.parentModelId", "must be a model id");
            }
            if (repository.find(id, Caller.currentOrSystem()).isEmpty()) {
                throw ApiException.badRequest("lineage.parentModelId", "model " + id + " does not exist");
            }
        }
        Object n = lineage.get("normalization");
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
        int expected = image ? spec.input()[0] : java.util.Arrays.stream(spec.input()).reduce(1, (a, b) -> a * b);
        for (String key : List.of("mean", "std")) {
            Object v = norm.get(key);
            if (!(v instanceof List<?> list) || list.size() != expected
                    || !list.stream().allMatch(x -> x instanceof Number num && Double.isFinite(num.doubleValue()))) {
                throw ApiException.badRequest("lineage.normalization." + key, "must be " + expected
                        + " finite numbers (" + (image ? "one per input channel" : "one per feature") + ")");
            }
        }
    }

    /** The model if the current caller may see it; otherwise 404, as if it did not exist. */
    public ModelVersion get(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("model", id));
    }

    /** The model if the current caller (a running job's owner, inside a worker) may see it. */
    public Optional<ModelVersion> find(long id) {
        return repository.find(id, Caller.currentOrSystem());
    }

    public Page<ModelVersion> list(String name, String kind, Integer pageSize, String pageToken) {
        int size = PageToken.pageSize(pageSize);
        Long before = null;
        if (pageToken != null) {
            try {
                before = Long.parseLong(new String(Base64.getUrlDecoder().decode(pageToken),
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("page_token", "is not a token this API issued");
            }
        }
        List<ModelVersion> rows = new ArrayList<>(repository.list(name, kind, before, size + 1,
                Caller.currentOrSystem()));
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(rows.get(size - 1).id())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Page<>(List.copyOf(rows), next);
    }

    public void writeWeights(ModelVersion model, java.io.OutputStream out) {
        artifacts.writeTo(model.weightsSha(), out);
    }

    public long weightsSize(ModelVersion model) {
        return artifacts.info(model.weightsSha()).map(i -> i.sizeBytes()).orElse(-1L);
    }

    /** Result of {@link #evaluate}. */
    public record EvaluationView(long modelId, long datasetId, String split, int samples, double accuracy, double loss,
            Map<String, Double> perClassAccuracy, List<String> classNames, long[][] confusionMatrix) {
    }

    /** Accuracy, per-class accuracy and confusion matrix (rows: true class, columns: predicted) on a split. */
    public EvaluationView evaluate(long modelId, long datasetId, String split) {
        ModelVersion model = get(modelId);
        DatasetVersion version = datasets.find(datasetId)
                .orElseThrow(() -> ApiException.badRequest("datasetId", "data set " + datasetId + " does not exist"));
        checkCompatible(model.spec(), version, "datasetId");
        DatasetData data = datasets.load(version);
        // A model trained on raw tabular features (lineage.standardize false) is evaluated on raw features too.
        boolean standardize = !Boolean.FALSE.equals(model.lineage().get("standardize"));
        Samples samples = data.samples(split == null ? DatasetData.TEST : split, false, standardize);
        if (samples.size() == 0) {
            throw ApiException.badRequest("split", "the " + split + " split of data set " + datasetId + " is empty");
        }
        Evaluation e;
        try (LoadedModel m = loader.load(model)) {
            e = m.evaluate(samples, EVAL_BATCH);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < version.classNames().size(); c++) {
            perClass.put(version.classNames().get(c), Double.isNaN(e.perClass()[c]) ? null : e.perClass()[c]);
        }
        return new EvaluationView(modelId, datasetId, split == null ? DatasetData.TEST : split, e.samples(),
                e.accuracy(), e.loss(), perClass, version.classNames(), e.confusion());
    }

    /**
     * The data set version the model's lineage names, when it is a version id of this registry (training
     * writes a number; other services may write a numeric string).
     */
    public static Optional<Long> lineageDataset(ModelVersion model) {
        Object d = model.lineage() == null ? null : model.lineage().get("datasetId");
        if (d instanceof Number n) {
            return Optional.of(n.longValue());
        }
        if (d instanceof String s && s.matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(s));
        }
        return Optional.empty();
    }

    /** Rejects a data set whose sample shape or class count the spec cannot take. */
    public static void checkCompatible(ModelSpec spec, DatasetVersion data, String field) {
        if (!java.util.Arrays.equals(spec.input(), data.shape())) {
            throw ApiException.badRequest(field, "data set samples are " + java.util.Arrays.toString(data.shape())
                    + " but the model takes " + java.util.Arrays.toString(spec.input()));
        }
        if (spec.classes() != data.numClasses()) {
            throw ApiException.badRequest(field, "data set has " + data.numClasses() + " classes but the model has "
                    + spec.classes());
        }
    }

    /** Prediction request: raw inputs in data set units (pixels 0–255 or raw features), or base64 uint8 pixels. */
    public record PredictRequest(List<JsonNode> inputs, Boolean normalized) {
    }

    public record Prediction(int predictedClass, String label, float[] probabilities) {
    }

    public record PredictResponse(long modelId, List<String> classNames, List<Prediction> predictions) {
    }

    public PredictResponse predict(long modelId, PredictRequest request) {
        ModelVersion model = get(modelId);
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw ApiException.badRequest("inputs", "give at least one input");
        }
        List<JsonNode> inputs = request.inputs();
        if (inputs.size() > MAX_PREDICT_BATCH) {
            throw ApiException.badRequest("inputs", inputs.size() + " inputs exceed the limit of " + MAX_PREDICT_BATCH);
        }
        int[] shape = model.spec().input();
        int per = 1;
        for (int d : shape) {
            per *= d;
        }
        float[] features = new float[inputs.size() * per];
        for (int i = 0; i < inputs.size(); i++) {
            float[] x = parseInput(inputs.get(i), per, shape, "inputs[" + i + "]");
            System.arraycopy(x, 0, features, i * per, per);
        }
        if (!Boolean.TRUE.equals(request.normalized())) {
            normalize(model, features, per, shape);
        }
        List<String> classNames = classNames(model);
        float[][] p;
        try (LoadedModel m = loader.load(model)) {
            p = m.probabilities(features, inputs.size());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<Prediction> out = new ArrayList<>();
        for (float[] row : p) {
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            out.add(new Prediction(best, best < classNames.size() ? classNames.get(best) : Integer.toString(best), row));
        }
        return new PredictResponse(modelId, classNames, out);
    }

    private static float[] parseInput(JsonNode node, int per, int[] shape, String field) {
        float[] x = new float[per];
        if (node != null && node.isString()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(node.asString());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(field, "is not valid base64");
            }
            if (bytes.length != per) {
                throw ApiException.badRequest(field, "has " + bytes.length + " bytes but the model input "
                        + java.util.Arrays.toString(shape) + " needs " + per);
            }
            for (int k = 0; k < per; k++) {
                x[k] = bytes[k] & 0xff;
            }
            return x;
        }
        if (node == null || !node.isArray()) {
            throw ApiException.badRequest(field, "must be an array of numbers or a base64 string of uint8 values");
        }
        if (node.size() != per) {
            throw ApiException.badRequest(field, "has " + node.size() + " values but the model input "
                    + java.util.Arrays.toString(shape) + " needs " + per);
        }
        for (int k = 0; k < per; k++) {
            JsonNode v = node.get(k);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw ApiException.badRequest(field, "value " + k + " is not a finite number");
            }
            x[k] = (float) v.asDouble();
        }
        return x;
    }

    @SuppressWarnings("unchecked")
    private static void normalize(ModelVersion model, float[] features, int per, int[] shape) {
        Object n = model.lineage().get("normalization");
        if (!(n instanceof Map<?, ?> norm)) {
            return;
        }
        float[] mean = floats((List<Number>) norm.get("mean"));
        float[] std = floats((List<Number>) norm.get("std"));
        boolean image = "image".equals(norm.get("kind"));
        int samples = features.length / per;
        if (image) {
            int plane = per / shape[0];
            for (int i = 0; i < samples; i++) {
                for (int c = 0; c < shape[0]; c++) {
                    float s = std[c] > 1e-6f ? std[c] : 1f;
                    for (int k = 0; k < plane; k++) {
                        int idx = i * per + c * plane + k;
                        features[idx] = (features[idx] / 255f - mean[c]) / s;
                    }
                }
            }
            return;
        }
        for (int i = 0; i < samples; i++) {
            for (int f = 0; f < per; f++) {
                float s = std[f] > 1e-12f ? std[f] : 1f;
                features[i * per + f] = (features[i * per + f] - mean[f]) / s;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> classNames(ModelVersion model) {
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

    private static float[] floats(List<Number> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return f;
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
            java.util.Arrays.fill(std, 1f);
        }
        n.put("mean", mean);
        n.put("std", std);
        return n;
    }
}
