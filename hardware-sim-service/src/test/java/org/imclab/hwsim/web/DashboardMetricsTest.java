package org.imclab.hwsim.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.common.testsupport.metrics.DashboardMetrics;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (deploy/grafana/dashboards/imclab.json) queries only series this service really
 * exports: every series the dashboard queries except the gateway's and training's own appear in its /actuator/prometheus right after start-up.
 */
class DashboardMetricsTest extends ServiceHttpTestBase {

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        // One API call first, so the http.server.requests series exist.
        assertThat(get("/api/v1/no-such-resource").statusCode()).isEqualTo(404);
        Set<String> queried = DashboardMetrics.queried(name -> !name.startsWith("imclab_gateway_") && !name.startsWith("imclab_training_"));

        Set<String> exported = DashboardMetrics.exported(get("/actuator/prometheus").body());

        assertThat(queried).isNotEmpty();
        assertThat(exported).containsAll(queried);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        ApiFuzzing.callerHeaders(env).get().forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
