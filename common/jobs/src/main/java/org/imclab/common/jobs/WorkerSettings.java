package org.imclab.common.jobs;

import java.time.Duration;
import java.util.Map;

/**
 * Worker timing and capacity. The lease must outlive several heartbeats, so a slow GC pause does not
 * hand a healthy job to another replica, yet be short enough that a dead worker's job resumes soon.
 *
 * @param pollInterval fallback poll: workers are woken by NOTIFY, so this only bounds how late a job
 *     is seen when a notification was lost (listener reconnecting, another service's insert)
 * @param concurrency slots per concurrency group (or kind), overriding the handlers' defaults
 * @param outageRideThrough how long a running job waits for the database to come back before its
 *     attempt is given up
 */
public record WorkerSettings(String workerId, Duration lease, Duration heartbeat, Duration pollInterval,
        Map<String, Integer> concurrency, Duration outageRideThrough) {

    public WorkerSettings {
        concurrency = Map.copyOf(concurrency);
    }

    public WorkerSettings(String workerId, Duration lease, Duration heartbeat, Duration pollInterval) {
        this(workerId, lease, heartbeat, pollInterval, Map.of(), Duration.ofMinutes(2));
    }

    public static WorkerSettings defaults(String workerId) {
        return new WorkerSettings(workerId, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /** host:pid:random — unique per JVM, readable in the state history. */
    public static String newWorkerId(String service) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return service + "@" + host + ":" + ProcessHandle.current().pid() + ":"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
