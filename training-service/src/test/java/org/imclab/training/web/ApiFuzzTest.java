package org.imclab.training.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.common.testsupport.fuzz.FuzzReport;
import org.junit.jupiter.api.Test;

/**
 * Every operation of docs/openapi/training.json, fed malformed requests over real HTTP: not one may
 * get a 5xx, and every 4xx must be problem+json. Workers are off, so accepted jobs just queue.
 */
class ApiFuzzTest extends ServiceHttpTestBase {

    @Test
    void malformedRequestsGetProblemJsonAndNeverA5xx() throws Exception {
        FuzzReport report = ApiFuzzing.fuzz("training", port, env);

        assertThat(report.total()).isGreaterThan(1500);
        assertThat(report.violations()).isEmpty();
    }
}
