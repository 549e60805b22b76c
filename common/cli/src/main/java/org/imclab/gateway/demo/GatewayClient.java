package org.imclab.gateway.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A small JSON client for the gateway (java.net.http, no Spring): every call carries the API key as a
 * Bearer token; 429 answers are retried after their {@code Retry-After}, and connection failures a few
 * times, so one hiccup does not fail a long study. POSTs carry an Idempotency-Key, which makes a retried
 * submission return the job the first attempt created.
 */
final class GatewayClient {

    private static final int MAX_ATTEMPTS = 5;
    private static final long MAX_RETRY_AFTER_SECONDS = 60;

    /** A 2xx answer: status, parsed body (MissingNode when empty) and the path of its Location header. */
    record Response(int status, JsonNode body, String location) {
    }

    /** A non-2xx answer, or no answer at all (status 0). */
    static final class ApiException extends Exception {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final URI base;
    private final String apiKey;
    private final JsonMapper json;
    private final HttpClient http;

    GatewayClient(String baseUrl, String apiKey, JsonMapper json) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.apiKey = apiKey;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String baseUrl() {
        return base.toString();
    }

    JsonNode get(String path) throws ApiException, InterruptedException {
        return send("GET", path, null, null).body();
    }

    Response post(String path, Object body, String idempotencyKey) throws ApiException, InterruptedException {
        return send("POST", path, body == null ? "{}" : json.writeValueAsString(body), idempotencyKey);
    }

    private Response send(String method, String path, String body, String idempotencyKey)
            throws ApiException, InterruptedException {
        URI uri = URI.create(base + path);
        IOException lastError = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpTimeoutException e) {
                lastError = e;
                Thread.sleep(2000L * attempt);
                continue;
            } catch (IOException e) {
                lastError = e;
                Thread.sleep(2000L * attempt);
                continue;
            }
            if (r.statusCode() == 429 && attempt < MAX_ATTEMPTS) {
                long wait = r.headers().firstValue("Retry-After").map(GatewayClient::seconds).orElse(5L);
                Thread.sleep(1000L * Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, wait)));
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                throw new ApiException(r.statusCode(), problemSummary(method, path, r.statusCode(), r.body(), json));
            }
            JsonNode node = parse(r.body());
            String location = r.headers().firstValue("Location").map(GatewayClient::pathOf).orElse(null);
            return new Response(r.statusCode(), node, location);
        }
        throw new ApiException(0, method + " " + path + ": cannot reach the gateway at " + base + " ("
                + (lastError == null ? "too many 429 answers" : lastError.getClass().getSimpleName()
                + (lastError.getMessage() == null ? "" : ": " + lastError.getMessage())) + ")");
    }

    private JsonNode parse(String body) throws ApiException {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(0, "the gateway answered with a body that is not JSON: "
                    + Fmt.truncate(body.strip(), 200));
        }
    }

    private static long seconds(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 5;
        }
    }

    /**
     * The path (and query) of a Location header: the gateway passes paths only, but an absolute URI is
     * reduced to its path as well, so the demo always calls the gateway it was given.
     */
    static String pathOf(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        URI u = URI.create(location.strip());
        String path = u.getRawPath();
        if (path == null || path.isEmpty()) {
            return null;
        }
        return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
    }

    /**
     * One line for an error answer: status, request, the problem's detail and each {@code errors[]} entry
     * (field: message), or the start of a non-problem body.
     */
    static String problemSummary(String method, String path, int status, String body, JsonMapper json) {
        StringBuilder s = new StringBuilder("HTTP ").append(status).append(" for ").append(method).append(' ')
                .append(path);
        if (body == null || body.isBlank()) {
            return s.toString();
        }
        try {
            JsonNode p = json.readTree(body);
            List<String> parts = new ArrayList<>();
            String detail = Json.text(p, "/detail");
            if (detail == null) {
                detail = Json.text(p, "/title");
            }
            if (detail != null) {
                parts.add(detail);
            }
            for (JsonNode e : p.path("errors")) {
                String field = Json.text(e, "/field");
                String message = Json.text(e, "/message");
                String item = field == null ? message : field + ": " + message;
                if (item != null && (detail == null || !detail.contains(item))) {
                    parts.add(item);
                }
            }
            if (!parts.isEmpty()) {
                s.append(": ").append(String.join("; ", parts));
            }
        } catch (JacksonException e) {
            s.append(": ").append(Fmt.truncate(body.strip().replaceAll("\\s+", " "), 200));
        }
        return s.toString();
    }
}
