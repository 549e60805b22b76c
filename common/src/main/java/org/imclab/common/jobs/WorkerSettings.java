package org.imclab.common.jobs;

import java.time.Duration;

/**
 * Worker timing. The lease must outlive several heartbeats, so a slow GC pause does not hand a
 * healthy job to another replica, yet be short enough that a dead worker's job resumes soon.
 */
public record WorkerSettings(String workerId, Duration lease, Duration heartbeat, Duration pollInterval) {

    public static WorkerSettings defaults(String workerId) {
        return new WorkerSettings(workerId, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(500));
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
