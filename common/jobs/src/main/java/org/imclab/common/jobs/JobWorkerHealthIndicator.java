package org.imclab.common.jobs;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health contributor {@code jobWorker}: UP while the poller runs and has reached the queue recently.
 * A worker whose poller died or cannot claim (the database is gone) reports DOWN with its last error,
 * so "health UP but nothing is claimed" cannot happen unnoticed.
 */
public class JobWorkerHealthIndicator implements HealthIndicator {

    private final JobWorker worker;

    public JobWorkerHealthIndicator(JobWorker worker) {
        this.worker = worker;
    }

    @Override
    public Health health() {
        JobWorker.Status s = worker.status();
        Duration stale = max(Duration.ofSeconds(10), s.pollInterval().multipliedBy(5));
        Instant now = Instant.now();
        boolean fresh = s.lastSuccessAt() != null && Duration.between(s.lastSuccessAt(), now).compareTo(stale) <= 0;
        Health.Builder b = s.started() && fresh ? Health.up() : Health.down();
        b.withDetail("poller", s.started() ? "running" : "stopped");
        b.withDetail("wakeups", s.listening() ? "listening" : "polling only");
        b.withDetail("runningJobs", s.runningJobs());
        b.withDetail("slots", s.slots());
        if (s.lastPollAt() != null) {
            b.withDetail("lastPollAt", s.lastPollAt().toString());
        }
        if (s.lastSuccessAt() != null) {
            b.withDetail("lastSuccessAt", s.lastSuccessAt().toString());
        }
        if (s.lastError() != null) {
            b.withDetail("lastError", s.lastError());
        }
        if (s.lastHeartbeatError() != null) {
            b.withDetail("lastHeartbeatError", s.lastHeartbeatError());
        }
        return b.build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
