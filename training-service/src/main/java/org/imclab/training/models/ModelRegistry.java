package org.imclab.training.models;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.IdKeyset;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.imclab.training.persistence.StandaloneRepositories;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model registry: registration (idempotent per job, weights checked against the spec), lookup with
 * the caller's visibility, paging and the weights. Evaluation and prediction are {@link ModelInference}'s.
 */
@Service
public class ModelRegistry {

    private final ModelRepository repository;
    private final JsonMapper json;
    private final ArtifactStore artifacts;
    private final ModelLoader loader;

    ModelRegistry(ModelRepository repository, ArtifactStore artifacts, ModelLoader loader, JsonMapper json) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.loader = loader;
        this.json = json;
    }

    /** Wiring without the Spring Boot application, for worker processes and tests. */
    public static ModelRegistry standalone(javax.sql.DataSource dataSource, ArtifactStore artifacts, JsonMapper json,
            ModelLoader loader) {
        return new ModelRegistry(StandaloneRepositories.of(dataSource, ModelRepository.class), artifacts, loader, json);
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
        ModelLineage.checkNormalization(spec, lineage.get("normalization"));
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
        return IdKeyset.page(repository.scroll(name, kind, IdKeyset.position(pageToken), PageToken.pageSize(pageSize),
                Caller.currentOrSystem()).map(ModelEntity::toModelVersion), ModelVersion::id);
    }

    public void writeWeights(ModelVersion model, java.io.OutputStream out) {
        artifacts.writeTo(model.weightsSha(), out);
    }

    public long weightsSize(ModelVersion model) {
        return artifacts.info(model.weightsSha()).map(i -> i.sizeBytes()).orElse(-1L);
    }
}
