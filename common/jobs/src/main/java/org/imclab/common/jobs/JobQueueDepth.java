package org.imclab.common.jobs;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How many jobs of each kind are QUEUED, RUNNING or CANCELLING, from one grouped count that is cached
 * for a few seconds: a scrape reads every kind × state gauge, and each must not cost a query. The count
 * reads the partial indexes the claim uses, so it stays cheap however many finished jobs there are.
 * While the database is unreachable the gauges read NaN (unknown), not a stale or zero depth.
 */
public class JobQueueDepth {

    private final JdbcClient jdbc;
    private final String[] kinds;
    private final long ttlNanos;
    private Map<String, Double> counts = Map.of();
    private long readAt;
    private boolean everRead;

    public JobQueueDepth(JdbcClient jdbc, Collection<String> kinds, Duration ttl) {
        this.jdbc = jdbc;
        this.kinds = kinds.toArray(new String[0]);
        this.ttlNanos = ttl.toNanos();
    }

    double count(String kind, JobState state) {
        Map<String, Double> now = snapshot();
        return now == null ? Double.NaN : now.getOrDefault(kind + "/" + state.name(), 0.0);
    }

    private synchronized Map<String, Double> snapshot() {
        long t = System.nanoTime();
        if (!everRead || t - readAt >= ttlNanos) {
            everRead = true;
            readAt = t;
            try {
                Map<String, Double> fresh = new HashMap<>();
                jdbc.sql("""
                        select kind, state, count(*) from jobs.job
                        where state in ('QUEUED', 'RUNNING', 'CANCELLING') and kind = any(?) group by 1, 2""")
                        .param(kinds)
                        .query(rs -> {
                            fresh.put(rs.getString(1) + "/" + rs.getString(2), rs.getDouble(3));
                        });
                counts = fresh;
            } catch (RuntimeException e) {
                // Unknown until the next read succeeds; the health endpoint says why.
                counts = null;
            }
        }
        return counts;
    }
}
