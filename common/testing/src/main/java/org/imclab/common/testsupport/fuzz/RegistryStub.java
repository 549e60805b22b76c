package org.imclab.common.testsupport.fuzz;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for the training registry that hwsim and pruning call: it knows no model and no data
 * set (404 problem+json for everything), so fuzzed references fail as "not found" rather than as
 * an unreachable dependency (503, which is right when the registry really is down).
 */
public final class RegistryStub implements AutoCloseable {

    private final HttpServer server;

    private RegistryStub(HttpServer server) {
        this.server = server;
    }

    public static RegistryStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"not in the stub "
                        + "registry\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new RegistryStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
