package org.imclab.pruning.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.common.testsupport.openapi.OpenApiSpecs;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi/pruning.json is what this service serves at /v3/api-docs, byte for byte (after key sorting). Run
 * with -Dimclab.openapi.write=true to regenerate it (the failure message has the command).
 */
class OpenApiSpecTest extends ServiceHttpTestBase {

    @Test
    void committedSpecIsWhatTheServiceServes() throws Exception {
        String served = OpenApiSpecs.served(port, ApiFuzzing.callerHeaders(env));

        assertThat(OpenApiSpecs.check("pruning", "pruning-service", served)).as("committed spec").isNull();
    }
}
