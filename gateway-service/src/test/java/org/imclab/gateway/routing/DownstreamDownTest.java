package org.imclab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.gateway.apikeys.ApiKeys;
import org.imclab.gateway.apikeys.CreateApiKeyRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every service unreachable (nothing listens on its port): 503 problem+json naming it, never a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DownstreamDownTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @DynamicPropertySource
    static void deadServices(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("imclab.gateway.training-url", () -> "http://127.0.0.1:" + closedPort());
        registry.add("imclab.gateway.hwsim-url", () -> "http://127.0.0.1:" + closedPort());
        registry.add("imclab.gateway.pruning-url", () -> "http://127.0.0.1:" + closedPort());
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/training-jobs, training",
        "/api/v1/runs/abc, training",
        "/api/v1/simulations, hwsim",
        "/api/v1/pruning-jobs, pruning",
        "/v3/api-docs/hwsim, hwsim"})
    void unreachableServiceIs503NamingIt(String path, String service) throws Exception {
        String key = apiKeys.create(new CreateApiKeyRequest("down", List.of("read"), null)).key();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asString()).startsWith("The " + service + " service is unavailable");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
