package org.imclab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.imclab.common.testsupport.metrics.DashboardMetrics;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's gateway panels (rejections, HTTP and JVM) query series the gateway's
 * /actuator/prometheus really has: the rejection counters exist from start-up, before any rejection.
 */
class DashboardMetricsTest extends GatewayTestSupport {

    @Test
    void everyGatewaySeriesTheDashboardQueriesIsExported() throws Exception {
        assertThat(send(request("/api/v1/runs")).statusCode()).isEqualTo(401);
        Set<String> queried = DashboardMetrics.queried(name -> name.startsWith("imclab_gateway_")
                || name.startsWith("http_server_") || name.startsWith("jvm_") || name.startsWith("process_"));

        Set<String> exported = DashboardMetrics.exported(send(request("/actuator/prometheus")).body());

        assertThat(queried).contains("imclab_gateway_ratelimit_rejected_total", "imclab_gateway_request_too_large_total");
        assertThat(exported).containsAll(queried);
    }
}
