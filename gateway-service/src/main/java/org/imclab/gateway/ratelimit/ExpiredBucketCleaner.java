package org.imclab.gateway.ratelimit;

import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes buckets of idle keys; SKIP LOCKED lets every replica run this without blocking requests. */
@Component
class ExpiredBucketCleaner {

    private static final Logger log = LoggerFactory.getLogger(ExpiredBucketCleaner.class);
    private static final int BATCH = 1000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<Long> buckets;

    ExpiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<Long> buckets) {
        this.buckets = buckets;
    }

    @Scheduled(fixedDelayString = "${imclab.gateway.bucket-cleanup-interval:60000}", initialDelay = 60_000)
    void removeExpired() {
        try {
            int removed;
            do {
                removed = buckets.removeExpired(BATCH);
            } while (removed == BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not remove expired rate-limit buckets: {}", e.getMessage());
        }
    }
}
