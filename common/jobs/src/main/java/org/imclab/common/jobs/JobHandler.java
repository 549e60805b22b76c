package org.imclab.common.jobs;

/**
 * The code that runs one kind of job. A service registers one Spring bean per kind it executes.
 *
 * @param <R> the request record the job was submitted with
 */
public interface JobHandler<R> {

    /** Job kind, e.g. {@code training}; also the run's kind in tracking. */
    String kind();

    Class<R> requestType();

    /**
     * Runs (or resumes, when {@link JobContext#checkpoint()} is present) the job and returns its result,
     * which is stored as JSON.
     */
    Object run(R request, JobContext context) throws Exception;

    /** Jobs sharing a group share one concurrency budget per JVM. */
    default String concurrencyGroup() {
        return kind();
    }

    /** How many jobs of this group one JVM runs at once. */
    default int maxConcurrency() {
        return 1;
    }

    /** The group for DJL jobs that open a gradient collector: the engine allows one per JVM. */
    String DJL_GRADIENT = "djl-gradient";
}
