package org.imclab.gateway.web;

import java.util.Map;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway's own endpoints (docs/openapi/gateway.json: API-key administration), fed malformed
 * requests over real HTTP: no 5xx, every 4xx problem+json. The fuzzer creates and revokes keys
 * (the bootstrap key among them), so it gets a context and database of its own, and an admin key
 * of its own that no fuzzed id names.
 */
@TestPropertySource(properties = "imclab.test.context=api-fuzz")
class ApiFuzzTest extends GatewayTestSupport {

    @Test
    void malformedRequestsGetProblemJsonAndNeverA5xx() throws Exception {
        // Fuzzed ids are 1 (the bootstrap key), 0, -1 and non-numbers; this key comes after the bootstrap one.
        String admin = newKey("fuzz-admin", null, "admin").key();

        ApiFuzzing.fuzz("gateway", port, () -> Map.of("Authorization", "Bearer " + admin))
                .assertClean(150);
    }
}
