package org.imclab.common.jobs;

/** Thrown by {@link JobContext#checkCancelled()} to unwind a job that a user cancelled. */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException() {
        super("cancelled by request");
    }
}
