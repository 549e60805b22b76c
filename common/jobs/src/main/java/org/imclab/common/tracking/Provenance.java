package org.imclab.common.tracking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Source tags every run records, after MLflow's {@code mlflow.source.*}: the code version and the
 * machine it ran on, so a number can be traced back to what produced it.
 */
public final class Provenance {

    private static final Map<String, String> TAGS = compute();

    private Provenance() {
    }

    public static Map<String, String> tags() {
        return TAGS;
    }

    private static Map<String, String> compute() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("source.git.commit", gitCommit());
        t.put("runtime.java", System.getProperty("java.version"));
        t.put("runtime.os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        t.put("runtime.cpu", cpuModel());
        t.put("runtime.cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        t.put("djl.version", packageVersion("ai.djl.Model", "0.36.0"));
        t.put("djl.engine", "PyTorch");
        return Map.copyOf(t);
    }

    private static String gitCommit() {
        String env = System.getenv("IMCLAB_GIT_COMMIT");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && line != null) {
                    return line.trim();
                }
            }
        } catch (Exception e) {
            // not a git checkout (e.g. a container image): fall through
        }
        return "unknown";
    }

    private static String cpuModel() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        } catch (Exception e) {
            return System.getProperty("os.arch");
        }
    }

    private static String packageVersion(String className, String fallback) {
        try {
            String v = Class.forName(className).getPackage().getImplementationVersion();
            return v == null ? fallback : v;
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }
}
