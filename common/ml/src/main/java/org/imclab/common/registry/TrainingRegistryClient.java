package org.imclab.common.registry;

import java.util.Map;
import java.util.Optional;
import org.imclab.common.web.CallerSignature;
import org.imclab.common.web.CallerSigningInterceptor;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * training-service's model and data set registry over HTTP, for the services that evaluate registered
 * models (hardware-sim, pruning, active learning). Narrow on purpose: two GETs, read as JSON trees and mapped
 * tolerantly ({@link RegistryModel}, {@link RegistryDataset}), and the one write other services need,
 * registering a model whose weights they stored. Weights and data bytes never travel here: they are
 * artifacts in the shared ArtifactStore, named by SHA-256. Requests carry the signed caller the call acts for
 * (the job's owner in a worker), so the registry shows that caller only what it may see.
 */
public class TrainingRegistryClient {

    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;

    /** Calls training-service signed for the caller it acts for (CallerSigningInterceptor), which training checks. */
    public TrainingRegistryClient(String baseUrl, CallerSignature signature) {
        // Pinned to the JDK client: Apache HttpClient 5 is on the classpath for webhooks and would otherwise be picked.
        this(RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()), baseUrl, signature);
    }

    public TrainingRegistryClient(RestClient.Builder http, String baseUrl, CallerSignature signature) {
        this(http.baseUrl(baseUrl).requestInterceptor(new CallerSigningInterceptor(signature)).build(), baseUrl);
    }

    public TrainingRegistryClient(RestClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** The registered model, or empty if the registry has no model with this id. */
    public Optional<RegistryModel> findModel(String id) {
        return fetch("/api/v1/models/{id}", id).map(n -> RegistryModel.of(id, n));
    }

    /** The registered data set, or empty if the registry has none with this id. */
    public Optional<RegistryDataset> findDataset(String id) {
        return fetch("/api/v1/datasets/{id}", id).map(n -> RegistryDataset.of(id, n));
    }

    /** @throws RegistryException when absent or unreachable */
    public RegistryModel getModel(String id) {
        return findModel(id).orElseThrow(() -> new RegistryException("model '" + id + "' is not in the registry"));
    }

    /** @throws RegistryException when absent or unreachable */
    public RegistryDataset getDataset(String id) {
        return findDataset(id).orElseThrow(() -> new RegistryException("data set '" + id + "' is not in the registry"));
    }

    /**
     * {@code POST /api/v1/models}: registers a model whose weights are already in the artifact store. The
     * registry validates the spec and that the weights load into it; a retry with the same
     * {@code lineage.jobId} returns the model registered the first time.
     *
     * @param body {@code name, kind, spec, weightsSha, metrics, lineage}
     * @return the registered model's id
     * @throws RegistryException with the registry's problem detail when it refuses, or when it is unreachable
     */
    public String registerModel(Map<String, Object> body) {
        String answer;
        try {
            answer = http.post().uri("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsString(body)).retrieve().body(String.class);
        } catch (HttpClientErrorException e) {
            String detail = problemDetail(e.getResponseBodyAsString());
            throw new RegistryException("training registry at " + baseUrl + " refused the model ("
                    + e.getStatusCode().value() + (detail == null ? "" : ": " + detail) + ")", e);
        } catch (RestClientException e) {
            throw new RegistryException("training registry at " + baseUrl + " is unreachable: " + e.getMessage(), e);
        }
        try {
            String id = answer == null || answer.isBlank() ? null : RegistryJson.text(json.readTree(answer), "id");
            if (id == null) {
                throw new RegistryException("training registry at " + baseUrl + " returned no model id");
            }
            return id;
        } catch (JacksonException e) {
            throw new RegistryException("training registry at " + baseUrl + " answered the registration without JSON", e);
        }
    }

    private String problemDetail(String body) {
        try {
            return body == null || body.isBlank() ? null : RegistryJson.text(json.readTree(body), "detail");
        } catch (JacksonException e) {
            return null;
        }
    }

    private Optional<JsonNode> fetch(String path, String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String body;
        try {
            body = http.get().uri(path, id).retrieve().body(String.class);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(404))
                    || e.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(400))) {
                return Optional.empty();
            }
            throw new RegistryException("training registry at " + baseUrl + " answered " + e.getStatusCode()
                    + " for " + path.replace("{id}", id), e);
        } catch (RestClientException e) {
            throw new RegistryException("training registry at " + baseUrl + " is unreachable: " + e.getMessage(), e);
        }
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(body));
        } catch (JacksonException e) {
            throw new RegistryException("training registry at " + baseUrl + " sent no JSON for " + path.replace("{id}", id), e);
        }
    }
}
