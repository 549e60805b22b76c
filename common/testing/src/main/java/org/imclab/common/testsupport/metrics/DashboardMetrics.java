package org.imclab.common.testsupport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names the provisioned Grafana dashboard (deploy/grafana/dashboards/imclab.json) queries, and the
 * ones a real /actuator/prometheus scrape has, so each module's DashboardMetricsTest can prove that every
 * panel queries series its service really exports (a renamed meter would otherwise leave a panel empty).
 */
public final class DashboardMetrics {

    /** Metric names in PromQL: the project's meters and Micrometer's HTTP, JVM, process and pool meters. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:imclab|http_server|jvm|process|hikaricp|system)_[a-zA-Z0-9_]*");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private DashboardMetrics() {
    }

    /** deploy/grafana/dashboards/imclab.json, found from the module directory the test runs in. */
    public static Path dashboard() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/grafana/dashboards/imclab.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/grafana/dashboards/imclab.json not found above " + Path.of("").toAbsolutePath());
    }

    /** Every metric name any panel's query uses, of those {@code owned} accepts. */
    public static Set<String> queried(Predicate<String> owned) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard()));
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asString());
                while (m.find()) {
                    if (owned.test(m.group())) {
                        names.add(m.group());
                    }
                }
            }
        }
        return names;
    }

    /**
     * Asserts that the service on {@code port} exports every series of those {@code owned} accepts that the
     * dashboard queries. One API call (a 404) goes first, so the http.server.requests series exist; the calls
     * are signed as the gateway signs them ({@code env} holds the secret).
     */
    public static void assertServiceExports(int port, Environment env, Predicate<String> owned) throws Exception {
        assertThat(get(port, env, "/api/v1/no-such-resource").statusCode()).isEqualTo(404);
        Set<String> queried = queried(owned);

        Set<String> exported = exported(get(port, env, "/actuator/prometheus").body());

        assertThat(queried).isNotEmpty();
        assertThat(exported).containsAll(queried);
    }

    private static HttpResponse<String> get(int port, Environment env, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        ApiFuzzing.callerHeaders(env).get().forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sample names of a Prometheus text exposition (histograms as their _bucket, _count and _sum). */
    public static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
