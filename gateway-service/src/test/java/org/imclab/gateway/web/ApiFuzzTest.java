package org.imclab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.common.testsupport.fuzz.FuzzReport;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own endpoints (docs/openapi/gateway.json: API-key administration), fed malformed
 * requests over real HTTP with the admin key: no 5xx, every 4xx problem+json.
 */
class ApiFuzzTest extends GatewayTestSupport {

    @Test
    void malformedRequestsGetProblemJsonAndNeverA5xx() throws Exception {
        FuzzReport report = ApiFuzzing.fuzz("gateway", port, () -> Map.of("Authorization", "Bearer " + BOOTSTRAP_KEY));

        assertThat(report.total()).isGreaterThan(150);
        assertThat(report.violations()).isEmpty();
    }
}
