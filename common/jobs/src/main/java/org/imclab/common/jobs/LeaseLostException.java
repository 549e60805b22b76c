package org.imclab.common.jobs;

/** This worker no longer owns the job (its lease expired and another worker claimed it). */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(java.util.UUID jobId) {
        super("lease on job " + jobId + " was lost");
    }
}
