package org.imclab.common.jobs;

/**
 * Thrown by {@link JobContext#checkCancelled()} while the worker drains for shutdown: the job leaves at a
 * step boundary and the worker hands it back to the queue (not a failure, not a cancel).
 */
public class WorkerStoppingException extends RuntimeException {

    public WorkerStoppingException(java.util.UUID jobId) {
        super("worker is shutting down; job " + jobId + " is handed back at its last checkpoint");
    }
}
