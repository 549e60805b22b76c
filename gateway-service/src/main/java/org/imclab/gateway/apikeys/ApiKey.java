package org.imclab.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.imclab.common.web.Caller;

/**
 * A stored key: everything but the secret, which exists only as its SHA-256. {@code project} (optional)
 * lets keys of one project share what they create.
 */
public record ApiKey(long id, String name, String prefix, String secretSha256, List<Scope> scopes,
        Instant createdAt, Instant revokedAt, Integer rateLimitPerMinute, String project) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean grants(Scope required) {
        return scopes.stream().anyMatch(s -> s.grants(required));
    }

    /** Scopes nest, so the highest one is everything the key may do. */
    public Scope highestScope() {
        return scopes.stream().max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Who services see behind this key: its owner id, highest scope and project. */
    public Caller caller() {
        return new Caller("key:" + id, Caller.Scope.valueOf(highestScope().name()), project);
    }

    /** Constant-time comparison, so response timing does not reveal how much of a secret matched. */
    public boolean matches(ApiKeyToken token) {
        return MessageDigest.isEqual(secretSha256.getBytes(StandardCharsets.US_ASCII),
                token.secretSha256().getBytes(StandardCharsets.US_ASCII));
    }
}
