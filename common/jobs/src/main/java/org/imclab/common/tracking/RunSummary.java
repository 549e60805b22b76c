package org.imclab.common.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A run as the run search lists it: identity, state, times, latest metric values, and params and
 * tags cut to {@value #MAX_TEXT} characters each (at most {@value #MAX_ENTRIES} of each), so a page
 * of 500 runs stays small however large the requests behind them were. No artifacts;
 * {@code GET /runs/{id}} gives the whole run.
 *
 * @param truncated whether any param or tag was cut or left out here
 */
public record RunSummary(
        UUID id,
        String experiment,
        String kind,
        String service,
        String name,
        String state,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> params,
        Map<String, String> tags,
        Map<String, Double> metrics,
        boolean truncated) {

    public static final int MAX_TEXT = 200;
    public static final int MAX_ENTRIES = 100;
}
