package org.imclab.common.tracking;

import java.time.Instant;

/** One logged value of a metric at a step (an epoch, an iteration, a sweep point). */
public record MetricPoint(String key, long step, double value, Instant loggedAt) {
}
