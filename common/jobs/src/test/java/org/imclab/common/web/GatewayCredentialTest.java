package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.imclab.common.testsupport.HttpDatabaseTest;
import org.imclab.common.testsupport.TestCallers;
import org.imclab.common.testsupport.TestInternalSecret;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service on a real port, called the way a client that bypasses the gateway would: only requests
 * carrying a fresh caller signature made with the install's secret get in; health stays open.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.service=sample", "imclab.tracking.read-api=true", "imclab.webhooks.enabled=false"})
class GatewayCredentialTest extends HttpDatabaseTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorizedProblem(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
        assertThat(problem.get("detail").asString()).contains("through the gateway only");
    }

    @Test
    void directCallWithoutTheCredentialIs401ProblemJson() throws Exception {
        assertUnauthorizedProblem(get("/api/v1/runs", Map.of()));
        assertUnauthorizedProblem(get("/api/v1/echo-jobs/does-not-matter", Map.of()));
    }

    @Test
    void signedCallIsAdmitted() throws Exception {
        assertThat(get("/api/v1/runs", TestCallers.headers(context, Caller.SYSTEM)).statusCode()).isEqualTo(200);
        Caller user = new Caller("key:42", Caller.Scope.READ, "vision");
        assertThat(get("/api/v1/runs", TestCallers.headers(context, user)).statusCode()).isEqualTo(200);
    }

    @Test
    void signatureMadeWithAnotherSecretIs401() throws Exception {
        CallerSignature forger = new CallerSignature("not-the-install-secret-0123456789");
        assertUnauthorizedProblem(get("/api/v1/runs", forger.headersFor(Caller.SYSTEM)));
    }

    @Test
    void staleSignatureIs401() throws Exception {
        Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        CallerSignature old = new CallerSignature(TestInternalSecret.SECRET, tenMinutesAgo);
        assertUnauthorizedProblem(get("/api/v1/runs", old.headersFor(Caller.SYSTEM)));
        Clock tenMinutesAhead = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        assertUnauthorizedProblem(get("/api/v1/runs",
                new CallerSignature(TestInternalSecret.SECRET, tenMinutesAhead).headersFor(Caller.SYSTEM)));
    }

    @Test
    void signatureForOtherHeaderValuesIs401() throws Exception {
        Map<String, String> reader = TestCallers.headers(context, new Caller("key:7", Caller.Scope.READ, "vision"));

        assertUnauthorizedProblem(get("/api/v1/runs", with(reader, CallerSignature.SCOPE_HEADER, "admin")));
        assertUnauthorizedProblem(get("/api/v1/runs", with(reader, CallerSignature.OWNER_HEADER, "key:8")));
        assertUnauthorizedProblem(get("/api/v1/runs", with(reader, CallerSignature.PROJECT_HEADER, "audio")));
        assertUnauthorizedProblem(get("/api/v1/runs", without(reader, CallerSignature.PROJECT_HEADER)));
        assertUnauthorizedProblem(get("/api/v1/runs", without(reader, CallerSignature.SIGNATURE_HEADER)));
        assertUnauthorizedProblem(get("/api/v1/runs", with(reader, CallerSignature.SIGNATURE_HEADER, "t=x,v1=00")));
        assertThat(get("/api/v1/runs", reader).statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsOpenWithoutTheCredential() throws Exception {
        HttpResponse<String> health = get("/actuator/health", Map.of());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/prometheus", Map.of()).statusCode()).isEqualTo(401);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }
}
