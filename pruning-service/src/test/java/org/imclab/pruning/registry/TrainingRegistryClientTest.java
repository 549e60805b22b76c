package org.imclab.pruning.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withResourceNotFound;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

class TrainingRegistryClientTest {

    private final RestClient.Builder builder = RestClient.builder();
    private final MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
    private final TrainingRegistryClient client = new TrainingRegistryClient(builder, "http://training:8081");

    @Test
    void readsTheDatasetVersionFieldsItNeedsAndIgnoresTheRest() {
        server.expect(requestTo("http://training:8081/api/v1/datasets/7")).andRespond(withSuccess("""
                {"id": 7, "name": "mnist", "version": 2, "source": "builtin:mnist", "kind": "image",
                 "shape": [1, 28, 28], "numClasses": 10, "classNames": ["0","1","2","3","4","5","6","7","8","9"],
                 "counts": {"train": {"0": 5}}, "artifactSha": "abc123", "sizeBytes": 10, "future": {"x": 1}}
                """, MediaType.APPLICATION_JSON));
        DatasetMetadata d = client.dataset("7").orElseThrow();
        assertThat(d.id()).isEqualTo("7");
        assertThat(d.name()).isEqualTo("mnist");
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.kind()).isEqualTo("image");
        assertThat(d.shape()).containsExactly(1, 28, 28);
        assertThat(d.classNames()).hasSize(10);
        assertThat(d.artifactSha()).isEqualTo("abc123");
        server.verify();
    }

    @Test
    void modelMetadataTakesTheSpecAsJsonAndTheWeightsHash() {
        server.expect(requestTo("http://training:8081/api/v1/models/m1")).andRespond(withSuccess("""
                {"id": "m1", "name": "lenet", "version": 1, "spec": {"name": "lenet5", "input": [1, 28, 28]},
                 "weights": {"sha256": "w1"}}
                """, MediaType.APPLICATION_JSON));
        ModelMetadata m = client.model("m1").orElseThrow();
        assertThat(m.specJson()).contains("\"lenet5\"");
        assertThat(m.weightsSha()).isEqualTo("w1");
    }

    @Test
    void notFoundIsEmptyAndServerErrorsAreUnavailable() {
        server.expect(requestTo("http://training:8081/api/v1/datasets/404")).andRespond(withResourceNotFound());
        server.expect(requestTo("http://training:8081/api/v1/datasets/500")).andRespond(withServerError());
        assertThat(client.dataset("404")).isEmpty();
        assertThatThrownBy(() -> client.dataset("500")).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void anUnreachableRegistryIsUnavailable() {
        TrainingRegistryClient down = new TrainingRegistryClient(RestClient.builder(), "http://127.0.0.1:9");
        assertThatThrownBy(() -> down.dataset("1")).isInstanceOf(RegistryUnavailableException.class);
    }
}
