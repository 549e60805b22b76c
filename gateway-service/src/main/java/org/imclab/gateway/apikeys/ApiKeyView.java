package org.imclab.gateway.apikeys;

import java.time.Instant;
import java.util.List;

/** A key as listed to admins: never the secret or its hash. */
public record ApiKeyView(long id, String name, String prefix, List<String> scopes, Integer rateLimitPerMinute,
        String project, Instant createdAt, Instant revokedAt) {

    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id(), key.name(), key.prefix(), key.scopes().stream().map(Scope::wireName).toList(),
                key.rateLimitPerMinute(), key.project(), key.createdAt(), key.revokedAt());
    }
}
