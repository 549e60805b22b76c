package org.imclab.common.registry;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads training-service's model and data set registry over HTTP, for the services that evaluate
 * registered models (hardware-sim, pruning). Narrow on purpose: two GETs, read as JSON trees and mapped
 * tolerantly ({@link RegistryModel}, {@link RegistryDataset}). Weights and data bytes are not fetched
 * here: they are artifacts, read from the shared ArtifactStore by SHA-256.
 */
@Component
public class TrainingRegistryClient {

    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;

    @Autowired
    public TrainingRegistryClient(@Value("${imclab.training.url:${IMCLAB_TRAINING_URL:http://localhost:8081}}") String baseUrl) {
        this(RestClient.builder().baseUrl(baseUrl).build(), baseUrl);
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
