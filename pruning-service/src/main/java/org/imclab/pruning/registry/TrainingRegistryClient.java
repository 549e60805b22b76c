package org.imclab.pruning.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads data set and model metadata from training-service's registry over HTTP. It reads the JSON
 * tolerantly (only the fields below, under a few spellings) so that the two services can evolve
 * separately; the data itself comes from the shared artifact store by hash, not over HTTP. The bean has
 * its own name because common.registry holds a simulator-oriented client of the same simple name.
 */
@Component("pruningTrainingRegistryClient")
public class TrainingRegistryClient {

    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    public TrainingRegistryClient(@Value("${imclab.training.url:${IMCLAB_TRAINING_URL:http://localhost:8081}}") String baseUrl) {
        this(RestClient.builder(), baseUrl);
    }

    /** For tests: a builder a mock server is bound to. */
    public TrainingRegistryClient(RestClient.Builder builder, String baseUrl) {
        this.http = builder.baseUrl(baseUrl).build();
    }

    /** GET /api/v1/datasets/{id}; empty when training-service says 404 (or 400: not a valid id there). */
    public Optional<DatasetMetadata> dataset(String id) {
        return fetch("/api/v1/datasets/{id}", id).map(n -> new DatasetMetadata(
                text(n, "id"), text(n, "name"), integer(n, "version"), text(n, "kind"), ints(n.get("shape")),
                strings(n.get("classNames")), sha(n, "artifactSha", "artifactSha256", "sha256", "artifact")));
    }

    /** GET /api/v1/models/{id}; empty on 404. */
    public Optional<ModelMetadata> model(String id) {
        return fetch("/api/v1/models/{id}", id).map(n -> {
            JsonNode spec = n.get("spec");
            return new ModelMetadata(text(n, "id"), text(n, "name"), integer(n, "version"),
                    spec == null || spec.isNull() ? null : spec.isString() ? spec.asString() : spec.toString(),
                    sha(n, "weightsSha", "weightsSha256", "artifactSha", "sha256", "weights"));
        });
    }

    private Optional<JsonNode> fetch(String path, String id) {
        try {
            String body = http.get().uri(path, id).accept(MediaType.APPLICATION_JSON).retrieve()
                    .onStatus(HttpStatusCode::is5xxServerError, (req, res) -> {
                        throw new RegistryUnavailableException("training-service answered " + res.getStatusCode()
                                + " for " + req.getURI(), null);
                    })
                    .body(String.class);
            return Optional.of(json.readTree(body));
        } catch (HttpClientErrorException.NotFound | HttpClientErrorException.BadRequest e) {
            return Optional.empty();
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RestClientException e) {
            throw new RegistryUnavailableException("training-service is not reachable: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.asInt();
    }

    private static int[] ints(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asString()));
        }
        return out;
    }

    /** The first field present: a plain string, or an object with a sha256 field. */
    private static String sha(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isString()) {
                return v.asString();
            }
            if (v.isObject() && v.get("sha256") != null) {
                return v.get("sha256").asString();
            }
        }
        return null;
    }
}
