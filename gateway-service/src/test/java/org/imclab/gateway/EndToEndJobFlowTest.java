package org.imclab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.imclab.common.testsupport.TestDatabase;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path on a real PostgreSQL: a client submits a job through the gateway with an API key,
 * a real job service (common's sample service, mounted where training jobs live) runs it in its
 * worker, and state, run and metrics are read back through the gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndJobFlowTest {

    static final String ADMIN_KEY = "imc_e2e12345_end-to-end-secret-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ConfigurableApplicationContext service;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        String url = TestDatabase.freshDatabaseUrl();
        TestDatabase.Server db = TestDatabase.server();
        // The job service shares the gateway's database, as every service of the platform does.
        service = new SpringApplicationBuilder(SampleApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--imclab.service=training",
                "--imclab.tracking.read-api=true", "--imclab.sample.jobs-path=/api/v1/training-jobs",
                "--imclab.artifacts.cache-dir=target/e2e-cache", "--spring.flyway.schemas=training",
                "--spring.flyway.locations=classpath:db/none",
                // The gateway's application.yml is on this test classpath too; the service needs its worker.
                "--imclab.worker.enabled=true", "--spring.application.name=sample-training");
        String serviceUrl = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("imclab.gateway.training-url", () -> serviceUrl);
        registry.add("imclab.gateway.admin-key", () -> ADMIN_KEY);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    @Test
    void jobSubmittedThroughTheGatewayRunsAndItsRunAndMetricsReadBackThroughIt() throws Exception {
        HttpResponse<String> submitted = call("POST", "/api/v1/training-jobs",
                "{\"steps\":4,\"mode\":\"FAST\",\"message\":\"via gateway\",\"experiment\":\"gateway-e2e\"}");
        assertThat(submitted.statusCode()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/training-jobs/");
        String id = json(submitted).get("id").asString();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(call("GET", "/api/v1/training-jobs/" + id, null)).get("state").asString().equals("SUCCEEDED"));
        JsonNode job = json(call("GET", "/api/v1/training-jobs/" + id, null));
        assertThat(job.get("result").get("echo").asString()).isEqualTo("via gateway");
        assertThat(job.get("history").size()).isEqualTo(3);

        JsonNode run = json(call("GET", "/api/v1/runs/" + id, null));
        assertThat(run.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("experiment").asString()).isEqualTo("gateway-e2e");
        assertThat(run.get("metrics").get("value").asDouble()).isEqualTo(16.0);
        JsonNode history = json(call("GET", "/api/v1/runs/" + id + "/metrics/value", null));
        assertThat(history.size()).isEqualTo(4);
        JsonNode runs = json(call("GET", "/api/v1/runs?experiment=gateway-e2e", null));
        assertThat(runs.get("items").get(0).get("id").asString()).isEqualTo(id);

        // The service itself admits only what the gateway signed: a client going around the gateway gets 401.
        String direct = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> bypass = HTTP.send(HttpRequest.newBuilder(URI.create(direct + "/api/v1/runs/" + id))
                .header("X-Imclab-Caller", "system").header("X-Imclab-Caller-Scope", "admin").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bypass.statusCode()).isEqualTo(401);
        assertThat(bypass.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(direct + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/runs/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
