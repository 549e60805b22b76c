package org.imclab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imclab.gateway.GatewayTestSupport;
import org.imclab.gateway.StubService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

/** What crosses the gateway: paths, ids, queries, bodies, Location, SSE. */
class ProxyBehaviourTest extends GatewayTestSupport {

    static Stream<Arguments> everyResource() {
        return Stream.of(DownstreamService.values())
                .flatMap(service -> service.resources().stream().map(resource -> Arguments.of(service, resource)));
    }

    @ParameterizedTest
    @MethodSource("everyResource")
    void rootAndNestedPathsReachTheOwningService(DownstreamService service, String resource) {
        String key = key("read");
        for (String path : List.of("/api/v1/" + resource, "/api/v1/" + resource + "/abc/def")) {
            HttpResponse<String> response = get(path, key);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode echo = json(response);
            assertThat(echo.get("service").asString()).isEqualTo(service.id());
            assertThat(echo.get("path").asString()).isEqualTo(path);
        }
    }

    @Test
    void unknownApiPathIsNotRouted() {
        HttpResponse<String> response = get("/api/v1/nothing-here", key("read"));
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void clientRequestIdIsForwardedAndReturnedOnce() {
        HttpResponse<String> response = send(request("/api/v1/models", key("read"))
                .header("X-Request-Id", "req-from-client-42").GET());

        assertThat(json(response).get("requestId").asString()).isEqualTo("req-from-client-42");
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("req-from-client-42");
    }

    @Test
    void missingRequestIdIsGeneratedForwardedAndReturned() {
        HttpResponse<String> response = get("/api/v1/simulations", key("read"));

        List<String> returned = response.headers().allValues("X-Request-Id");
        assertThat(returned).hasSize(1);
        assertThat(returned.get(0)).isNotBlank();
        assertThat(json(response).get("requestId").asString()).isEqualTo(returned.get(0));
    }

    @Test
    void apiKeyHeadersAreNotForwarded() {
        String key = key("read");
        JsonNode echo = json(send(request("/api/v1/runs", key).header("X-API-Key", key).GET()));

        assertThat(echo.get("authorization").isNull()).isTrue();
        assertThat(echo.get("apiKey").isNull()).isTrue();
    }

    @Test
    void queryStringArrivesIntact() {
        String query = "experiment=mnist%20lenet&state=RUNNING&state=QUEUED&metric=acc%3E0.9&tag=a%2Bb&page_size=5";

        JsonNode echo = json(get("/api/v1/runs?" + query, key("read")));

        assertThat(decode(echo.get("query").asString())).isEqualTo(decode(query));
        assertThat(decode(query).get("tag")).containsExactly("a+b");
    }

    @Test
    void jsonBodyArrivesIntactAndLocationBecomesAPathFollowableThroughTheGateway() {
        String body = "{\"experiment\":\"σ-sweep µ\",\"model\":{\"layers\":[1,2,3]},\"callbackUrl\":null}";

        HttpResponse<String> response = postJson("/api/v1/simulations", key("submit"), body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode echo = json(response);
        assertThat(echo.get("method").asString()).isEqualTo("POST");
        assertThat(echo.get("body").asString()).isEqualTo(body);
        assertThat(echo.get("contentType").asString()).startsWith("application/json");
        // The stub answers with an absolute URI on its own host; clients get the path, never a host
        // (neither the service's nor one taken from their own Host header).
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/simulations/job-1");
    }

    @Test
    void multipartUploadArrivesByteForByte() {
        byte[] payload = new byte[300_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        String boundary = "imclab-boundary-7";
        byte[] body = multipart(boundary, payload);

        HttpResponse<String> response = send(request("/api/v1/datasets", key("submit"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode echo = json(response);
        // Parsed, because the proxy may re-serialise the header ("a; b" and "a;b" are the same type).
        assertThat(MediaType.parseMediaType(echo.get("contentType").asString()))
                .isEqualTo(new MediaType("multipart", "form-data", Map.of("boundary", boundary)));
        assertThat(echo.get("bodyLength").asInt()).isEqualTo(body.length);
        assertThat(echo.get("bodySha256").asString()).isEqualTo(StubService.sha256(body));
        assertThat(TRAINING.lastBody()).isEqualTo(body);
    }

    @Autowired
    ClientHttpRequestFactory proxyClient;

    @Test
    void proxyUsesPooledBlockingClientWithAConnectionForEveryServletThread() {
        // The JDK client started threads per request behind this blocking proxy (bench/queue), and
        // HttpClient 5's default pool of 5 per route would make the sixth open SSE stream block the rest.
        assertThat(proxyClient).isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
        var pool = (PoolingHttpClientConnectionManager) ReflectionTestUtils.getField(
                ((HttpComponentsClientHttpRequestFactory) proxyClient).getHttpClient(), "connManager");
        assertThat(pool.getDefaultMaxPerRoute()).isEqualTo(200);
    }

    @Test
    void serverSentEventsStreamThroughBeforeTheStreamEnds() throws Exception {
        CompletableFuture<HttpResponse<InputStream>> pending = HTTP.sendAsync(
                request("/api/v1/pruning-jobs/job-9/events", key("read")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try {
            // The stub holds the second event back until released: the first must arrive on its own.
            HttpResponse<InputStream> response = pending.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            String firstLine = CompletableFuture.supplyAsync(() -> readLine(reader)).get(10, TimeUnit.SECONDS);
            assertThat(firstLine).isEqualTo("data: first");

            PRUNING.releaseSecondEvent();
            List<String> rest = new ArrayList<>();
            for (String line = readLine(reader); line != null; line = readLine(reader)) {
                rest.add(line);
            }
            assertThat(rest).contains("data: second");
        } finally {
            PRUNING.releaseSecondEvent();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] multipart(String boundary, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmnist-subset\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.npz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(payload);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static Map<String, List<String>> decode(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
