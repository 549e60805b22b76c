package org.imclab.training.web;

import org.imclab.common.testsupport.metrics.DashboardMetrics;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (deploy/grafana/dashboards/imclab.json) queries only series this service really
 * exports: the training gauges the dashboard queries appear in its /actuator/prometheus right after start-up.
 */
class DashboardMetricsTest extends ServiceHttpTestBase {

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        DashboardMetrics.assertServiceExports(port, env, name -> name.startsWith("imclab_training_"));
    }
}
