package org.imclab.pruning.pruning;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers a pruned model in training-service's model registry: {@code POST /api/v1/models} with the spec,
 * the weights artifact (already in the shared artifact store), metrics and lineage (parent model and pruning
 * job). Reading the registry is common's {@code TrainingRegistryClient}; this is the one write pruning needs.
 */
@Component
class PrunedModelRegistration {

    /** The registry's answer: the new model's id, or why there is none. */
    record Outcome(String modelId, String error) {
    }

    private final RestClient http;
    private final String baseUrl;
    private final JsonMapper json = JsonMapper.builder().build();

    PrunedModelRegistration(@Value("${imclab.training.url:${IMCLAB_TRAINING_URL:http://localhost:8081}}") String baseUrl) {
        this.http = RestClient.builder().baseUrl(baseUrl).build();
        this.baseUrl = baseUrl;
    }

    Outcome register(Map<String, Object> body) {
        try {
            String answer = http.post().uri("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsString(body)).retrieve().body(String.class);
            JsonNode n = answer == null || answer.isBlank() ? null : json.readTree(answer);
            JsonNode id = n == null ? null : n.has("id") ? n.get("id") : n.get("modelId");
            if (id == null || id.isNull()) {
                return new Outcome(null, "training registry at " + baseUrl + " returned no model id");
            }
            return new Outcome(id.asString(), null);
        } catch (RestClientException | tools.jackson.core.JacksonException e) {
            return new Outcome(null, "training registry at " + baseUrl + " did not register the model: " + e.getMessage());
        }
    }
}
