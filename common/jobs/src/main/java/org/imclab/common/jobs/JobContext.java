package org.imclab.common.jobs;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What a running job can do: report progress, check for cancellation, checkpoint, and track. */
public interface JobContext {

    UUID jobId();

    /** The tracking run of this job (same id as the job). */
    UUID runId();

    /** 1 on the first try, higher after a worker died and another resumed the job. */
    int attempt();

    /**
     * The plan the service resolved from the request when it accepted the job ({@link JobPlan}), read back
     * as {@code type}; empty when the job was submitted without one.
     */
    <T> Optional<T> plan(Class<T> type);

    /** {@link #plan}, for a kind whose controller always stores one. */
    default <T> T requiredPlan(Class<T> type) {
        return plan(type).orElseThrow(() -> new IllegalStateException("job " + jobId() + " has no stored plan "
                + "(queued before plans were stored with jobs); submit it again"));
    }

    /** Persists progress in [0,1] and the current step; the ETA is derived from the elapsed time. */
    void progress(double fraction, String step);

    /**
     * Throws {@link JobCancelledException} if a cancel was requested; call it between steps, as often as
     * every batch: it reads the job's state from the database at most every {@code 500 ms} and otherwise
     * answers from memory.
     */
    void checkCancelled();

    /** Saves a checkpoint: its data goes to the artifact store, its metadata to the job row. */
    void saveCheckpoint(Map<String, ?> meta, InputStream data);

    /** The last checkpoint, if this job saved one before (on this or an earlier attempt). */
    Optional<Checkpoint> checkpoint();

    InputStream openArtifact(String sha256);

    /** Stores a blob and attaches it to the run under {@code name}; returns its hash. */
    String saveArtifact(String name, InputStream data, String contentType);

    void logMetrics(long step, Map<String, Double> values);

    void setTags(Map<String, String> tags);
}
