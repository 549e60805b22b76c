package org.imclab.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.imclab.common.web.CallerSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixture standing in for a downstream service: it echoes what the gateway sent it (method,
 * path, query, headers, body), answers POSTs with 202 and an absolute Location on its own host, streams
 * SSE from .../events, and serves an OpenAPI document, so gateway tests can see exactly what crossed.
 */
public final class StubService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final HttpServer server;
    private final AtomicReference<byte[]> lastBody = new AtomicReference<>();
    private final AtomicReference<Map<String, String>> lastCallerHeaders = new AtomicReference<>(Map.of());
    private volatile CountDownLatch secondEvent = new CountDownLatch(1);

    public StubService(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public byte[] lastBody() {
        return lastBody.get();
    }

    /** The X-Imclab-Caller* headers of the last request (first value of each), by their canonical names. */
    public Map<String, String> lastCallerHeaders() {
        return lastCallerHeaders.get();
    }

    /** Lets the SSE stream in progress send its second event. */
    public void releaseSecondEvent() {
        secondEvent.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            lastBody.set(body);
            lastCallerHeaders.set(callerHeaders(exchange));
            String path = exchange.getRequestURI().getRawPath();
            String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
            if (requestId != null) {
                // Real services echo the id too (common's RequestIdFilter); the gateway must not duplicate it.
                exchange.getResponseHeaders().set("X-Request-Id", requestId);
            }
            if (path.endsWith("/events")) {
                streamEvents(exchange);
            } else if (path.equals("/v3/api-docs")) {
                String spec = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + name + "\",\"version\":\"1\"},"
                        + "\"servers\":[{\"url\":\"" + url() + "\"}],\"paths\":{\"/api/v1/" + name + "-thing\":{}},"
                        + "\"components\":{\"securitySchemes\":{\"bearerAuth\":{\"type\":\"http\",\"scheme\":\"bearer\"}}}}";
                send(exchange, 200, "application/json", spec.getBytes(StandardCharsets.UTF_8));
            } else {
                int status = 200;
                if ("POST".equals(exchange.getRequestMethod())) {
                    status = 202;
                    exchange.getResponseHeaders().set("Location", url() + path + "/job-1");
                }
                send(exchange, status, "application/json", echo(exchange, body));
            }
        }
    }

    private static Map<String, String> callerHeaders(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : CallerSignature.HEADERS) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values != null && !values.isEmpty()) {
                headers.put(name, values.size() == 1 ? values.get(0) : String.join(" | ", values));
            }
        }
        return headers;
    }

    private byte[] echo(HttpExchange exchange, byte[] body) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("service", name);
        echo.put("method", exchange.getRequestMethod());
        echo.put("path", exchange.getRequestURI().getRawPath());
        echo.put("query", exchange.getRequestURI().getRawQuery());
        echo.put("requestId", exchange.getRequestHeaders().getFirst("X-Request-Id"));
        echo.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        echo.put("apiKey", exchange.getRequestHeaders().getFirst("X-API-Key"));
        echo.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
        echo.put("callerHeaders", callerHeaders(exchange));
        echo.put("bodyLength", body.length);
        echo.put("bodySha256", sha256(body));
        echo.put("body", body.length <= 64 * 1024 ? new String(body, StandardCharsets.UTF_8) : null);
        return JSON.writeValueAsBytes(echo);
    }

    private void streamEvents(HttpExchange exchange) throws IOException {
        CountDownLatch latch = new CountDownLatch(1);
        secondEvent = latch;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
