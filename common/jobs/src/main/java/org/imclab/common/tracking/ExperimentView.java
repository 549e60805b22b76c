package org.imclab.common.tracking;

import java.time.Instant;
import java.util.Map;

/** An experiment, how many runs it holds, its newest run's time and its runs per state. */
public record ExperimentView(long id, String name, Instant createdAt, long runCount, Instant lastRunAt,
        Map<String, Long> runsByState) {
}
