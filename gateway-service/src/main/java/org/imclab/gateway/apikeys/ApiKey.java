package org.imclab.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/** A stored key: everything but the secret, which exists only as its SHA-256. */
public record ApiKey(long id, String name, String prefix, String secretSha256, List<Scope> scopes,
        Instant createdAt, Instant revokedAt, Integer rateLimitPerMinute) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean grants(Scope required) {
        return scopes.stream().anyMatch(s -> s.grants(required));
    }

    /** Constant-time comparison, so response timing does not reveal how much of a secret matched. */
    public boolean matches(ApiKeyToken token) {
        return MessageDigest.isEqual(secretSha256.getBytes(StandardCharsets.US_ASCII),
                token.secretSha256().getBytes(StandardCharsets.US_ASCII));
    }
}
