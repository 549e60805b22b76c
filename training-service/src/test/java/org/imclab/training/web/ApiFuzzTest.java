package org.imclab.training.web;

import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.junit.jupiter.api.Test;

/**
 * Every operation of docs/openapi/training.json, fed malformed requests over real HTTP: not one may
 * get a 5xx, and every 4xx must be problem+json. Workers are off, so accepted jobs just queue.
 */
class ApiFuzzTest extends ServiceHttpTestBase {

    @Test
    void malformedRequestsGetProblemJsonAndNeverA5xx() throws Exception {
        ApiFuzzing.fuzz("training", port, env).assertClean(1500);
    }
}
