package org.imclab.common.testsupport.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.springframework.core.env.Environment;

/** What each service's fuzz test shares: where the committed specs are, the seed, and how to sign. */
public final class ApiFuzzing {

    /** Fixed, so every run sends the same requests and a failure reproduces. */
    public static final long SEED = 20_240_612L;

    private ApiFuzzing() {
    }

    /** docs/openapi/{name}.json, found from the module directory the test runs in. */
    public static Path spec(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/openapi/" + name + ".json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/openapi/" + name + ".json not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The gateway's signed caller headers when the service under test requires them
     * (imclab.internal.secret set), else none; signed per request so none goes stale.
     */
    public static Supplier<Map<String, String>> callerHeaders(Environment env) {
        String secret = env.getProperty("imclab.internal.secret", "");
        if (secret.isBlank()) {
            return Map::of;
        }
        CallerSignature signature = new CallerSignature(secret);
        return () -> signature.headersFor(Caller.SYSTEM);
    }

    /** Fuzzes one service on localhost:port with its committed spec and prints the tally. */
    public static FuzzReport fuzz(String specName, int port, Environment env) throws IOException {
        return fuzz(specName, port, callerHeaders(env));
    }

    /** Fuzzes with the given credential headers on every request (the gateway's API key, say). */
    public static FuzzReport fuzz(String specName, int port, Supplier<Map<String, String>> headers) throws IOException {
        FuzzReport report = OpenApiFuzzer.fromFile(spec(specName), SEED).run(specName, "localhost", port, headers);
        System.out.println(report.summary());
        report.violations().stream().limit(60).forEach(v -> System.out.println("  " + v));
        return report;
    }
}
