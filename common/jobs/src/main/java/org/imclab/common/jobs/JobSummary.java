package org.imclab.common.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as lists show it: identity, state, progress and times, without the request and result
 * bodies, so a page stays small whatever the jobs carry. {@code GET /{id}} gives the full
 * {@link JobView}.
 *
 * @param error the first {@value #ERROR_EXCERPT} characters of the error, if the job failed
 */
public record JobSummary(
        UUID id,
        String kind,
        JobState state,
        double progress,
        String currentStep,
        Double etaSeconds,
        String experiment,
        UUID runId,
        int attempts,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public static final int ERROR_EXCERPT = 300;
    /** current_step is written by handlers; a list shows only its start. */
    public static final int STEP_EXCERPT = 200;
}
