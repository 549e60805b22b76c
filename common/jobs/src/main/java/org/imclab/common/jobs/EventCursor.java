package org.imclab.common.jobs;

import org.imclab.common.web.ApiException;

/**
 * Where a job's event stream stands, sent as every event's {@code id}: {@code <history>.<metrics>}, the
 * id of the last state-history row and the sequence number of the last metric point sent. A client that
 * reconnects with it as {@code Last-Event-ID} gets exactly what came after both.
 */
record EventCursor(long history, long metrics) {

    static final EventCursor START = new EventCursor(0, 0);

    /** The cursor in a Last-Event-ID header; absent or blank starts from the beginning. */
    static EventCursor parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return START;
        }
        String[] parts = lastEventId.trim().split("\\.", -1);
        try {
            if (parts.length == 2) {
                EventCursor c = new EventCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                if (c.history >= 0 && c.metrics >= 0) {
                    return c;
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("Last-Event-ID", "must be an event id this stream sent, like 12.40");
    }

    EventCursor withHistory(long id) {
        return new EventCursor(id, metrics);
    }

    EventCursor withMetrics(long seq) {
        return new EventCursor(history, seq);
    }

    /** Whether this cursor has seen everything up to {@code other}. */
    boolean covers(EventCursor other) {
        return history >= other.history && metrics >= other.metrics;
    }

    String id() {
        return history + "." + metrics;
    }
}
