package org.imclab.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withResourceNotFound;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/** The registry client against the JSON training-service sends (recorded shapes), served by a mock server. */
class TrainingRegistryClientTest {

    private final RestClient.Builder builder = RestClient.builder().baseUrl("http://training:8081");
    private final MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
    private final TrainingRegistryClient client = new TrainingRegistryClient(builder.build(), "http://training:8081");

    @Test
    void callsAreSignedForTheCallerTheyActForAndThePlatformOutsideAnyJob() {
        CallerSignature signature = new CallerSignature("registry-test-secret-0123456789");
        RestClient.Builder signedBuilder = RestClient.builder();
        MockRestServiceServer signedServer = MockRestServiceServer.bindTo(signedBuilder).build();
        TrainingRegistryClient signed = new TrainingRegistryClient(signedBuilder, "http://training:8081", signature);
        List<Caller> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            signedServer.expect(requestTo("http://training:8081/api/v1/models/3"))
                    .andExpect(request -> seen.add(signature.verify(request.getHeaders()::getFirst).orElse(null)))
                    .andRespond(withResourceNotFound());
        }
        Caller owner = new Caller("key:12", Caller.Scope.SUBMIT, "vision");

        try (Caller.Binding ignored = Caller.bind(owner)) {
            assertThat(signed.findModel("3")).isEmpty();
        }
        assertThat(signed.findModel("3")).isEmpty();

        signedServer.verify();
        assertThat(seen).containsExactly(owner, Caller.SYSTEM);
    }

    @Test
    void readsADatasetVersionAndIgnoresUnknownFields() {
        server.expect(requestTo("http://training:8081/api/v1/datasets/7")).andRespond(withSuccess("""
                {"id": 7, "name": "mnist", "version": 2, "source": "builtin:mnist", "kind": "image",
                 "shape": [1, 28, 28], "numClasses": 10, "classNames": ["0","1","2","3","4","5","6","7","8","9"],
                 "mean": [0.1307], "std": [0.3081], "artifactSha": "abc123", "sizeBytes": 10, "future": {"x": 1}}
                """, MediaType.APPLICATION_JSON));
        RegistryDataset d = client.findDataset("7").orElseThrow();
        assertThat(d.id()).isEqualTo("7");
        assertThat(d.name()).isEqualTo("mnist");
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.kind()).isEqualTo("image");
        assertThat(d.shape()).containsExactly(1, 28, 28);
        assertThat(d.classes()).isEqualTo(10);
        assertThat(d.classNames()).hasSize(10).startsWith("0", "1");
        assertThat(d.mean()).containsExactly(0.1307);
        assertThat(d.artifactSha()).isEqualTo("abc123");
        server.verify();
    }

    @Test
    void readsAModelVersionWithSpecWeightsAndNormalisation() {
        server.expect(requestTo("http://training:8081/api/v1/models/3")).andRespond(withSuccess("""
                {"id": 3, "name": "lenet5-mnist", "version": 1, "kind": "standard",
                 "spec": {"name": "lenet5", "input": [1, 28, 28], "classes": 10, "layers": []},
                 "weightsSha": "w1", "metrics": {"test_acc": 0.99},
                 "lineage": {"datasetId": 7, "normalization": {"kind": "image", "mean": [0.13], "std": [0.31]}}}
                """, MediaType.APPLICATION_JSON));
        RegistryModel m = client.findModel("3").orElseThrow();
        assertThat(m.spec().get("name").asString()).isEqualTo("lenet5");
        assertThat(m.weightsSha()).isEqualTo("w1");
        assertThat(m.datasetId()).isEqualTo("7");
        assertThat(m.mean()).containsExactly(0.13);
        assertThat(m.metrics().get("test_acc").asDouble()).isEqualTo(0.99);
    }

    @Test
    void notFoundIsEmptyAndServerErrorsOrNoServerThrow() {
        server.expect(requestTo("http://training:8081/api/v1/datasets/404")).andRespond(withResourceNotFound());
        server.expect(requestTo("http://training:8081/api/v1/datasets/500")).andRespond(withServerError());
        assertThat(client.findDataset("404")).isEmpty();
        assertThatThrownBy(() -> client.findDataset("500")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("500");
        TrainingRegistryClient down = new TrainingRegistryClient(RestClient.builder().baseUrl("http://127.0.0.1:9")
                .build(), "http://127.0.0.1:9");
        assertThatThrownBy(() -> down.findDataset("1")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void registerPostsTheModelAndReturnsItsId() {
        server.expect(requestTo("http://training:8081/api/v1/models")).andExpect(method(HttpMethod.POST))
                .andExpect(content().json("{\"name\": \"vgg-pruned\", \"weightsSha\": \"ab\", \"lineage\": {\"jobId\": \"j1\"}}"))
                .andRespond(withStatus(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                        .body("{\"id\": 42, \"name\": \"vgg-pruned\", \"version\": 1}"));
        assertThat(client.registerModel(Map.of("name", "vgg-pruned", "weightsSha", "ab", "lineage",
                Map.of("jobId", "j1")))).isEqualTo("42");
        server.verify();
    }

    @Test
    void aRefusedRegistrationCarriesTheRegistrysReason() {
        server.expect(requestTo("http://training:8081/api/v1/models")).andRespond(withStatus(HttpStatus.BAD_REQUEST)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body("""
                        {"type": "about:blank", "title": "Bad Request", "status": 400,
                         "detail": "weightsSha: no stored artifact has this SHA-256"}"""));
        assertThatThrownBy(() -> client.registerModel(Map.of("name", "x"))).isInstanceOf(RegistryException.class)
                .hasMessageContaining("400").hasMessageContaining("weightsSha: no stored artifact");
    }
}
