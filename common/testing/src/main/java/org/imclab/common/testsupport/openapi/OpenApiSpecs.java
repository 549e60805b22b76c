package org.imclab.common.testsupport.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates a service's committed OpenAPI document from the running code and keeps docs/openapi/{name}.json
 * equal to it. Each module's OpenApiSpecTest calls {@link #check}: it always writes what the service serves
 * to {@code target/openapi/{name}.json}; with {@code -Dimclab.openapi.write=true} it also overwrites the
 * committed file (that is how the specs are regenerated), and otherwise it fails when the two differ.
 */
public final class OpenApiSpecs {

    /** The system property that makes {@link #check} regenerate the committed file instead of comparing. */
    public static final String WRITE_PROPERTY = "imclab.openapi.write";

    // Keys sorted and two-space indented, so a diff of the committed file shows exactly what changed.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private OpenApiSpecs() {
    }

    /** The normalized document the service on localhost:port serves at /v3/api-docs. */
    public static String served(int port, Supplier<Map<String, String>> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"));
        headers.get().forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/v3/api-docs answered " + response.statusCode() + ": " + response.body());
        }
        return normalize(response.body());
    }

    /** Sorted keys and a final newline: the same document always gives the same bytes. */
    static String normalize(String spec) {
        JsonNode tree = JSON.readTree(spec);
        return JSON.writeValueAsString(JSON.treeToValue(tree, Object.class)) + "\n";
    }

    /**
     * Writes target/openapi/{name}.json; regenerates or compares docs/openapi/{name}.json.
     *
     * @param module the Maven module, for the regeneration command in the failure message
     * @return null when the committed file is current (or was just rewritten), else why not
     */
    public static String check(String name, String module, String served) throws IOException {
        return check(name, module, served, ApiFuzzing.spec(name), Path.of("target", "openapi", name + ".json"),
                Boolean.getBoolean(WRITE_PROPERTY));
    }

    static String check(String name, String module, String served, Path committed, Path generated, boolean write)
            throws IOException {
        Files.createDirectories(generated.toAbsolutePath().getParent());
        Files.writeString(generated, served, StandardCharsets.UTF_8);
        if (write) {
            Files.writeString(committed, served, StandardCharsets.UTF_8);
            return null;
        }
        String current = Files.readString(committed, StandardCharsets.UTF_8);
        if (current.equals(served)) {
            return null;
        }
        return "docs/openapi/" + name + ".json differs from what " + module + " serves now (written to " + module + "/"
                + generated + "; diff the two). If the API change is intended, regenerate and commit it:\n"
                + "  mvn -B -pl " + module + " -am test -Dtest=OpenApiSpecTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                + WRITE_PROPERTY + "=true";
    }
}
