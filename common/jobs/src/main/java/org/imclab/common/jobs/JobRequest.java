package org.imclab.common.jobs;

/**
 * Fields every job request may carry. Records implement it with components of the same names, so
 * the JSON stays flat: {@code {"experiment": "...", "callbackUrl": "...", ...kind fields}}.
 */
public interface JobRequest {

    /** Tracking experiment the run belongs to; "Default" when absent. */
    String experiment();

    /** Optional completion webhook, signed with HMAC-SHA256. */
    String callbackUrl();

    /** Optional human name of the run. */
    default String runName() {
        return null;
    }
}
