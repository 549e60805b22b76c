package org.imclab.common.tracking;

import java.time.Instant;

/** An experiment and how many runs it holds. */
public record ExperimentView(long id, String name, Instant createdAt, long runCount, Instant lastRunAt) {
}
