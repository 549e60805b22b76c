package org.imclab.common.tracking;

/** A metric point with its per-run sequence number, the cursor an event stream resumes from. */
public record SequencedMetric(long seq, MetricPoint point) {
}
