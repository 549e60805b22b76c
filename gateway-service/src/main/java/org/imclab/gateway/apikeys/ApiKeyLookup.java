package org.imclab.gateway.apikeys;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.imclab.gateway.web.GatewaySettings;
import org.springframework.stereotype.Component;

/**
 * Finds keys by prefix with a short-lived in-memory cache, so a busy client costs one query per
 * TTL rather than one per request. Unknown prefixes are cached too, so guessing costs no queries.
 * A revocation on this replica takes effect at once; other replicas see it within the TTL.
 */
@Component
class ApiKeyLookup {

    /** Bounds memory against clients sending endless random prefixes. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<ApiKey> key, long loadedAt) {
    }

    private final ApiKeyRepository repository;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    ApiKeyLookup(ApiKeyRepository repository, GatewaySettings settings) {
        this.repository = repository;
        Duration ttl = settings.apiKeyCacheTtl();
        this.ttlNanos = ttl == null ? 0 : ttl.toNanos();
    }

    Optional<ApiKey> byPrefix(String prefix) {
        long now = System.nanoTime();
        Entry entry = cache.get(prefix);
        if (entry != null && now - entry.loadedAt() < ttlNanos) {
            return entry.key();
        }
        Optional<ApiKey> key = repository.findByPrefix(prefix).map(ApiKeyEntity::toApiKey);
        if (ttlNanos > 0) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(prefix, new Entry(key, now));
        }
        return key;
    }

    void invalidate(String prefix) {
        cache.remove(prefix);
    }
}
