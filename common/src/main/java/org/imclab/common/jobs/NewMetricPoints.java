package org.imclab.common.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;

/**
 * The metric points of one run that one event stream has not sent yet. It polls by {@code logged_at} with
 * an overlap, because a point's timestamp is its transaction's start and it may commit after a later
 * timestamp was read; points already sent (same key, step and logging time) are skipped.
 */
final class NewMetricPoints {

    /** How far back each poll looks again; longer than any metric-logging transaction. */
    static final Duration OVERLAP = Duration.ofSeconds(10);

    /** One point as the {@code metrics} event sends it. */
    record Point(String key, long step, double value) {
    }

    private final TrackingStore tracking;
    private final UUID runId;
    private final Map<String, Instant> sent = new HashMap<>();
    private Instant cursor = Instant.EPOCH;

    NewMetricPoints(TrackingStore tracking, UUID runId) {
        this.tracking = tracking;
        this.runId = runId;
    }

    /** Points logged, or re-logged with a new value, since the last poll. */
    List<Point> poll() {
        List<Point> out = new ArrayList<>();
        Instant newest = cursor;
        for (MetricPoint p : tracking.metricsLoggedSince(runId, cursor)) {
            String id = p.key() + "\u0000" + p.step();
            if (!p.loggedAt().equals(sent.put(id, p.loggedAt()))) {
                out.add(new Point(p.key(), p.step(), p.value()));
            }
            if (p.loggedAt().isAfter(newest)) {
                newest = p.loggedAt();
            }
        }
        Instant next = newest.minus(OVERLAP);
        if (next.isAfter(cursor)) {
            cursor = next;
        }
        return out;
    }
}
