package org.imclab.common.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A job as the API returns it. The run with the same id holds its params and metrics. {@code owner} is the
 * API key that submitted it ({@code key:<id>}, or {@code system}); {@code project} that key's project, if any.
 */
public record JobView(
        UUID id,
        String kind,
        JobState state,
        double progress,
        String currentStep,
        Double etaSeconds,
        String experiment,
        UUID runId,
        int attempts,
        JsonNode request,
        JsonNode result,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        List<Transition> history,
        String owner,
        String project) {

    /** One entry of the state history. */
    public record Transition(JobState from, JobState to, String reason, String worker, Instant at) {
    }
}
