package org.imclab.common.jobs;

import tools.jackson.databind.JsonNode;

/** The last checkpoint a job saved: small JSON metadata (e.g. the epoch) and an artifact hash. */
public record Checkpoint(JsonNode meta, String artifactSha256) {
}
