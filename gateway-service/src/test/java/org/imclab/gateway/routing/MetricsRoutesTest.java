package org.imclab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.imclab.gateway.GatewayTestSupport;
import org.imclab.gateway.StubService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * /api/v1/admin/metrics/{service} scrapes that service's /actuator/prometheus through the gateway: admin keys
 * only, signed on the gateway's own account, the key itself never forwarded.
 */
class MetricsRoutesTest extends GatewayTestSupport {

    @Autowired
    CallerSignature signature;

    @Test
    void anAdminKeyScrapesEveryServiceAsThePlatform() {
        String admin = key("admin");
        Map<String, StubService> services = Map.of("training", TRAINING, "hwsim", HWSIM, "pruning", PRUNING);
        for (var entry : services.entrySet()) {
            StubService service = entry.getValue();
            var response = send(request("/api/v1/admin/metrics/" + entry.getKey(), admin));

            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(200);
            JsonNode echo = json(response);
            assertThat(echo.path("service").asString()).isEqualTo(entry.getKey());
            assertThat(echo.path("path").asString()).isEqualTo("/actuator/prometheus");
            assertThat(echo.path("authorization").isNull()).as("the API key is not forwarded").isTrue();
            Map<String, String> seen = service.lastCallerHeaders();
            assertThat(signature.verify(seen::get)).contains(Caller.SYSTEM);
        }
    }

    @Test
    void otherKeysAreForbiddenAndNoKeyIsUnauthorized() {
        assertThat(send(request("/api/v1/admin/metrics/training", key("read", "submit"))).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/v1/admin/metrics/training")).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownServiceIsNotFound() {
        var response = send(request("/api/v1/admin/metrics/nope", key("admin")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }
}
