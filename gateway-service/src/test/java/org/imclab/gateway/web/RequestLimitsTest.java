package org.imclab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Body size limits (413) and CORS. */
class RequestLimitsTest extends GatewayTestSupport {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void jsonOverOneMebibyteIs413() {
        String big = "{\"pad\":\"" + "x".repeat(ONE_MIB) + "\"}";

        HttpResponse<String> response = postJson("/api/v1/training-jobs", key("submit"), big);

        assertProblem413(response);
    }

    @Test
    void jsonJustUnderTheLimitPasses() {
        String body = "{\"pad\":\"" + "x".repeat(ONE_MIB - 20) + "\"}";

        HttpResponse<String> response = postJson("/api/v1/training-jobs", key("submit"), body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("bodyLength").asInt()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void nonJsonBodyOverTheJsonLimitOutsideUploadsIs413AtTheGateway() {
        byte[] big = new byte[2 * ONE_MIB];

        HttpResponse<String> response = send(request("/api/v1/training-jobs", key("submit"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

        assertProblem413(response);
    }

    @Test
    void chunkedJsonOverTheLimitIs413() {
        byte[] big = ("{\"pad\":\"" + "x".repeat(ONE_MIB + 10) + "\"}").getBytes(StandardCharsets.UTF_8);

        // ofInputStream has no length, so the body goes chunked and only counting can catch it.
        HttpResponse<String> response = send(request("/api/v1/training-jobs", key("submit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertProblem413(response);
    }

    @Test
    void uploadOverTheUploadLimitIs413ButUnderItPasses() {
        byte[] tooBig = new byte[(int) MAX_UPLOAD + 1];
        byte[] fits = new byte[(int) MAX_UPLOAD - 1000];

        HttpResponse<String> rejected = send(request("/api/v1/datasets", key("submit"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tooBig)));
        HttpResponse<String> accepted = send(request("/api/v1/datasets", key("submit"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fits)));

        assertProblem413(rejected);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(json(accepted).get("bodyLength").asInt()).isEqualTo(fits.length);
    }

    @Test
    void corsPreflightFromAnAllowedOriginNeedsNoKey() {
        HttpResponse<String> response = send(request("/api/v1/training-jobs")
                .header("Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
    }

    @Test
    void corsRejectsOtherOriginsAndTagsAllowedResponses() {
        HttpResponse<String> evil = send(request("/api/v1/training-jobs")
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> allowed = send(request("/api/v1/models", key("read")).header("Origin", ALLOWED_ORIGIN).GET());

        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("X-Request-Id");
    }

    private static void assertProblem413(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(problem.get("detail").asString()).contains("exceeds the limit");
    }
}
