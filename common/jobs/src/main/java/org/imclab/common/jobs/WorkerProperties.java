package org.imclab.common.jobs;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code imclab.worker.*}: lease and heartbeat timing, the fallback poll, and slots per concurrency
 * group or kind, e.g. {@code imclab.worker.concurrency.simulation=8} (env
 * {@code IMCLAB_WORKER_CONCURRENCY_SIMULATION}). The {@code djl-gradient} group cannot be raised.
 * {@code drain-timeout}: how long a stopping worker waits for running jobs to reach a step boundary.
 */
@ConfigurationProperties("imclab.worker")
public record WorkerProperties(@DefaultValue("30s") Duration lease, @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("2s") Duration poll, @DefaultValue("2m") Duration outageRideThrough,
        Map<String, Integer> concurrency, @DefaultValue("20s") Duration drainTimeout) {

    public WorkerProperties {
        concurrency = concurrency == null ? Map.of() : Map.copyOf(concurrency);
    }

    public WorkerSettings settings(String workerId) {
        return new WorkerSettings(workerId, lease, heartbeat, poll, concurrency, outageRideThrough);
    }
}
