package org.imclab.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.imclab.common.testsupport.openapi.OpenApiSpecs;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi/gateway.json (the gateway's own API: key administration) is what the gateway serves at
 * /v3/api-docs. Run with -Dimclab.openapi.write=true to regenerate it.
 */
class OpenApiSpecTest extends GatewayTestSupport {

    @Test
    void committedSpecIsWhatTheGatewayServes() throws Exception {
        String served = OpenApiSpecs.served(port, Map::of);

        assertThat(OpenApiSpecs.check("gateway", "gateway-service", served)).as("committed spec").isNull();
    }
}
