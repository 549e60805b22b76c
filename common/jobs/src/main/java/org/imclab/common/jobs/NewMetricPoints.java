package org.imclab.common.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.imclab.common.tracking.SequencedMetric;
import org.imclab.common.tracking.TrackingStore;

/**
 * The metric points of one run that one event stream has not sent yet, by the run's metric sequence
 * numbers: every point (and every re-logged step) takes a number above all before it, and a run's numbers
 * commit in order, so "above the cursor" is exactly what is new.
 */
final class NewMetricPoints {

    /** One point as the {@code metrics} event sends it. */
    record Point(String key, long step, double value) {
    }

    private final TrackingStore tracking;
    private final UUID runId;
    private long cursor;

    NewMetricPoints(TrackingStore tracking, UUID runId) {
        this(tracking, runId, 0);
    }

    /** Resumes after {@code cursor}, the sequence number of the last point already sent. */
    NewMetricPoints(TrackingStore tracking, UUID runId, long cursor) {
        this.tracking = tracking;
        this.runId = runId;
        this.cursor = cursor;
    }

    /** Points logged, or re-logged with a new value, since the last poll. */
    List<Point> poll() {
        List<Point> out = new ArrayList<>();
        for (SequencedMetric m : tracking.metricsAfter(runId, cursor)) {
            out.add(new Point(m.point().key(), m.point().step(), m.point().value()));
            cursor = m.seq();
        }
        return out;
    }

    /** The sequence number of the last point sent. */
    long cursor() {
        return cursor;
    }
}
