package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.imclab.common.testsupport.HttpDatabaseTest;
import org.imclab.common.testsupport.fuzz.FuzzRequest;
import org.imclab.common.testsupport.fuzz.RawHttpClient;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #12's findings over real HTTP (raw bytes, so Tomcat-level handling counts): NUL and invalid
 * Unicode, null list elements, extreme page tokens, oversized bodies, Location built from Host,
 * and lists that carry whole request bodies.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.service=sample", "imclab.tracking.read-api=true", "imclab.worker.enabled=false",
                "imclab.webhooks.enabled=false"})
class RequestHardeningTest extends HttpDatabaseTest {

    /** The gateway's signed caller headers: without them the service answers 401 before any check here. */
    private FuzzRequest signed(FuzzRequest request) {
        return request.withHeaders(org.imclab.common.testsupport.fuzz.ApiFuzzing.callerHeaders(env).get());
    }

    final JsonMapper json = JsonMapper.builder().build();

    private RawHttpClient.Response send(FuzzRequest request) throws Exception {
        return new RawHttpClient("localhost", port).send(signed(request).wire("localhost:" + port));
    }

    private RawHttpClient.Response post(String body) throws Exception {
        return send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").json(body));
    }

    /** Asserts a problem+json answer with this status whose first error names {@code field}. */
    private JsonNode problem(RawHttpClient.Response r, int status, String field) {
        assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode body = json.readTree(r.body());
        if (field != null) {
            assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
        return body;
    }

    @Test
    void nulAndUnpairedSurrogatesInJsonStringsAre400NamingTheField() throws Exception {
        problem(post("{\"steps\":1,\"mode\":\"FAST\",\"message\":\"a\\u0000b\"}"), 400, "message");
        problem(post("{\"steps\":1,\"mode\":\"FAST\",\"experiment\":\"x\\ud800\"}"), 400, "experiment");
        problem(post("{\"steps\":1,\"mode\":\"FAST\",\"message\":\"ok\",\"a\\u0000\":1}"), 400, "body");
    }

    @Test
    void invalidUtf8InABodyIs400() throws Exception {
        byte[] latin1 = "{\"steps\":1,\"mode\":\"FAST\",\"message\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        problem(send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").body("application/json", latin1)), 400, "body");
    }

    @Test
    void nullListElementsAre400NamingTheElement() throws Exception {
        problem(post("{\"steps\":1,\"mode\":\"FAST\",\"seeds\":[1,null]}"), 400, "seeds[1]");
        problem(post("{\"steps\":1,\"mode\":\"FAST\",\"seeds\":[null]}"), 400, "seeds[0]");
    }

    @Test
    void nulAndInvalidUtf8InQueryAndPathAre400NamingTheParameter() throws Exception {
        problem(send(FuzzRequest.of("", "GET", "/api/v1/echo-jobs?experiment=a%00b")), 400, "experiment");
        problem(send(FuzzRequest.of("", "GET", "/api/v1/echo-jobs?experiment=%C3%28")), 400, "experiment");
        problem(send(FuzzRequest.of("", "GET", "/api/v1/runs?kind=%ED%A0%80")), 400, "kind");
        // Tomcat refuses %00 and invalid UTF-8 in a path itself, before any handler could name the
        // variable; its error page is problem+json too.
        problem(send(FuzzRequest.of("", "GET", "/api/v1/runs/" + UUID.randomUUID() + "/metrics/a%F0%28")), 400, null);
        problem(send(FuzzRequest.of("", "GET", "/api/v1/experiments/a%00b")), 400, null);
        problem(send(FuzzRequest.of("", "GET", "/api/v1/experiments/%ED%A0%80")), 400, null);
    }

    @Test
    void pageTokensWithExtremeOrGarbageContentsAre400OnPageToken() throws Exception {
        String id = UUID.randomUUID().toString();
        for (String raw : new String[] {"+1000000000-01-01T00:00:00Z|" + id, "-999999999-01-01T00:00:00Z|" + id,
                "0001-01-01T00:00:00Z|" + id, "2024-01-01T00:00:00Z|1-1-1-1-1", "garbage"}) {
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            problem(send(FuzzRequest.of("", "GET", "/api/v1/echo-jobs?page_token=" + token)), 400, "page_token");
            problem(send(FuzzRequest.of("", "GET", "/api/v1/runs?page_token=" + token)), 400, "page_token");
        }
    }

    @Test
    void bodiesOverTheCapAre413ProblemJsonWhateverTheirType() throws Exception {
        String big = "{\"steps\":1,\"mode\":\"FAST\",\"message\":\"" + "x".repeat(1_100_000) + "\"}";
        problem(post(big), 413, "body");
        problem(send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").json(big).asChunked()), 413, "body");
        problem(send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").body("text/plain", new byte[1_100_000])), 413, "body");
        // Chunked, so no length to judge up front: a type the endpoint cannot take is refused unread.
        problem(send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").body("application/octet-stream",
                new byte[1_100_000]).asChunked()), 415, null);
    }

    @Test
    void malformedJsonAndWrongContentTypesAreProblemJson() throws Exception {
        problem(post("{\"steps\":"), 400, "body");
        assertThat(send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").body("text/plain", "hi".getBytes())).status())
                .isEqualTo(415);
        problem(send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs")
                .body("multipart/form-data; boundary=b", "--b\r\nbroken".getBytes())), 400, "body");
    }

    @Test
    void locationIsAPathNeverTheClientsHost() throws Exception {
        RawHttpClient.Response r = send(FuzzRequest.of("", "POST", "/api/v1/echo-jobs")
                .header("X-Forwarded-Host", "evil.example").json("{\"steps\":1,\"mode\":\"FAST\"}"));
        assertThat(r.status()).isEqualTo(202);
        String id = json.readTree(r.body()).get("id").asString();
        assertThat(r.headers().get("location")).isEqualTo("/api/v1/echo-jobs/" + id);
        byte[] forgedHost = new String(signed(FuzzRequest.of("", "POST", "/api/v1/echo-jobs").json("{\"steps\":2,\"mode\":\"FAST\"}"))
                .wire("evil.example:666"), StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        RawHttpClient.Response forged = new RawHttpClient("localhost", port).send(forgedHost);
        assertThat(forged.headers().get("location")).startsWith("/api/v1/echo-jobs/").doesNotContain("evil");
    }

    @Test
    void listsCarrySummariesNotWholeRequests() throws Exception {
        String message = "m".repeat(500_000);
        RawHttpClient.Response created = post("{\"steps\":3,\"mode\":\"SLOW\",\"experiment\":\"summaries\",\"message\":\""
                + message + "\"}");
        assertThat(created.status()).isEqualTo(202);
        String id = json.readTree(created.body()).get("id").asString();

        RawHttpClient.Response jobs = send(FuzzRequest.of("", "GET", "/api/v1/echo-jobs?experiment=summaries"));
        JsonNode job = json.readTree(jobs.body()).get("items").get(0);
        assertThat(job.get("id").asString()).isEqualTo(id);
        assertThat(job.get("state").asString()).isEqualTo("QUEUED");
        assertThat(job.has("request")).isFalse();
        assertThat(job.has("result")).isFalse();
        assertThat(jobs.body().length).isLessThan(5_000);

        RawHttpClient.Response runs = send(FuzzRequest.of("", "GET", "/api/v1/runs?experiment=summaries"));
        JsonNode run = json.readTree(runs.body()).get("items").get(0);
        assertThat(run.get("params").get("mode").asString()).isEqualTo("SLOW");
        assertThat(run.get("params").get("message").asString()).hasSize(200);
        assertThat(run.get("truncated").asBoolean()).isTrue();
        assertThat(run.has("artifacts")).isFalse();
        assertThat(runs.body().length).isLessThan(10_000);

        // The job keeps the whole request; a run param is capped at 500 characters (MLflow's classic limit,
        // and what the searchable (key, value) index can hold).
        JsonNode full = json.readTree(send(FuzzRequest.of("", "GET", "/api/v1/echo-jobs/" + id)).body());
        assertThat(full.get("request").get("message").asString()).hasSize(message.length());
        JsonNode fullRun = json.readTree(send(FuzzRequest.of("", "GET", "/api/v1/runs/" + id)).body());
        assertThat(fullRun.get("params").get("message").asString()).hasSize(500).endsWith("…");
    }

    @Test
    void overlongNamesAre400() throws Exception {
        problem(post("{\"steps\":1,\"mode\":\"FAST\",\"experiment\":\"" + "e".repeat(201) + "\"}"), 400, "experiment");
    }
}
