package org.imclab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** Health and metrics stay open; rejections are counted in Prometheus. */
class OpenEndpointsAndMetricsTest extends GatewayTestSupport {

    @Test
    void healthIsOpen() {
        HttpResponse<String> health = send(request("/actuator/health").GET());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void rejectionsAndRoutedRequestsShowUpInPrometheus() {
        send(request("/api/v1/models").GET());
        String limited = newKey("metrics-limit", 1, "read").key();
        get("/api/v1/models", limited);
        get("/api/v1/models", limited);
        send(request("/api/v1/admin/api-keys", key("read")).GET());

        HttpResponse<String> scrape = send(request("/actuator/prometheus").GET());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("imclab_gateway_auth_rejected_total\\{[^}]*reason=\"missing\"[^}]*} [1-9]")
                .containsPattern("imclab_gateway_auth_rejected_total\\{[^}]*reason=\"forbidden\"[^}]*} [1-9]")
                .containsPattern("imclab_gateway_ratelimit_rejected_total\\{[^}]*} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/api/v1/models\"");
    }
}
