package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;

/** A metrics event carries exactly the points the stream has not sent: never empty, never a repeat. */
class NewMetricPointsTest {

    @Test
    void eachPollReturnsOnlyPointsNotSentBefore() {
        DataSource ds = TestDatabase.dataSource(TestDatabase.freshDatabaseUrl());
        SharedSchemas.migrate(ds);
        TrackingStore tracking = new TrackingStore(ds);
        UUID run = UUID.randomUUID();
        tracking.createRun(run, "sse", "test", "test", "sse", "RUNNING", Map.of(), Map.of());
        NewMetricPoints points = new NewMetricPoints(tracking, run);
        assertThat(points.poll()).isEmpty();

        tracking.logMetrics(run, 1, Map.of("loss", 0.9, "acc", 0.5));
        assertThat(points.poll()).containsExactlyInAnyOrder(new NewMetricPoints.Point("loss", 1, 0.9),
                new NewMetricPoints.Point("acc", 1, 0.5));
        assertThat(points.poll()).isEmpty();

        tracking.logMetrics(run, 2, Map.of("loss", 0.7));
        assertThat(points.poll()).containsExactly(new NewMetricPoints.Point("loss", 2, 0.7));
        assertThat(points.poll()).isEmpty();

        // A resumed job re-logs a step: the new value is a new point.
        tracking.logMetrics(run, 2, Map.of("loss", 0.6));
        assertThat(points.poll()).containsExactly(new NewMetricPoints.Point("loss", 2, 0.6));
        assertThat(points.poll()).isEmpty();
    }
}
