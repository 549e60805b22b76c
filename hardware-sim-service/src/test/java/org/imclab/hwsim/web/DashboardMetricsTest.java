package org.imclab.hwsim.web;

import org.imclab.common.testsupport.metrics.DashboardMetrics;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (deploy/grafana/dashboards/imclab.json) queries only series this service really
 * exports: every series the dashboard queries except the gateway's and training's own appear in its /actuator/prometheus right after start-up.
 */
class DashboardMetricsTest extends ServiceHttpTestBase {

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        DashboardMetrics.assertServiceExports(port, env, name -> !name.startsWith("imclab_gateway_") && !name.startsWith("imclab_training_"));
    }
}
