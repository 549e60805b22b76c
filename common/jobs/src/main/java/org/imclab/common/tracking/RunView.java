package org.imclab.common.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run as the read API shows it: identity, state, params, tags, latest metric values, artifacts, and the
 * owner (API key) and project of the job it records.
 */
public record RunView(
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
        List<RunArtifact> artifacts,
        String owner,
        String project) {

    public record RunArtifact(String name, String sha256) {
    }
}
