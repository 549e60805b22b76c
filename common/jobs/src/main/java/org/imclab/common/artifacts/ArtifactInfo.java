package org.imclab.common.artifacts;

import java.time.Instant;

/** Metadata of a stored blob; the SHA-256 of the content is its identity. */
public record ArtifactInfo(String sha256, long sizeBytes, int chunkCount, String contentType, Instant createdAt) {
}
