package org.imclab.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.gateway.apikeys.ApiKeys;
import org.imclab.gateway.apikeys.CreateApiKeyRequest;
import org.imclab.gateway.apikeys.CreatedApiKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on a random port, a real PostgreSQL, and three stub services it routes to. Every
 * subclass shares this one application context (same configuration), so the suite starts it once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayTestSupport {

    public static final StubService TRAINING = new StubService("training");
    public static final StubService HWSIM = new StubService("hwsim");
    public static final StubService PRUNING = new StubService("pruning");

    /** IMCLAB_ADMIN_KEY of the test gateway. */
    public static final String BOOTSTRAP_KEY = "imc_boot1234_bootstrap-secret-for-tests-0123456789";
    public static final String ALLOWED_ORIGIN = "http://dashboard.example";
    public static final long MAX_UPLOAD = 4L * 1024 * 1024;

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ApiKeys apiKeys;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("imclab.gateway.training-url", TRAINING::url);
        registry.add("imclab.gateway.hwsim-url", HWSIM::url);
        registry.add("imclab.gateway.pruning-url", PRUNING::url);
        registry.add("imclab.gateway.admin-key", () -> BOOTSTRAP_KEY);
        registry.add("imclab.gateway.cors-origins", () -> ALLOWED_ORIGIN + ",http://other.example");
        registry.add("imclab.gateway.max-upload-bytes", () -> MAX_UPLOAD + "B");
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    protected HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    protected HttpRequest.Builder request(String pathAndQuery, String key) {
        return request(pathAndQuery).header("Authorization", "Bearer " + key);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String path, String key) {
        return send(request(path, key).GET());
    }

    protected HttpResponse<String> postJson(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected CreatedApiKey newKey(String name, Integer perMinute, String... scopes) {
        return apiKeys.create(new CreateApiKeyRequest(name, List.of(scopes), perMinute));
    }

    protected String key(String... scopes) {
        return newKey("test-" + String.join("-", scopes), null, scopes).key();
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
