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

    /** Persists progress in [0,1] and the current step; the ETA is derived from the elapsed time. */
    void progress(double fraction, String step);

    /** Throws {@link JobCancelledException} if a cancel was requested; call it between steps. */
    void checkCancelled();

    /** Saves a checkpoint: its data goes to the artifact store, its metadata to the job row. */
    void saveCheckpoint(Map<String, ?> meta, InputStream data);

    /** The last checkpoint, if this job saved one before (on this or an earlier attempt). */
    Optional<Checkpoint> checkpoint();

    InputStream openArtifact(String sha256);

    /** Stores a blob and attaches it to the run under {@code name}; returns its hash. */
    String saveArtifact(String name, InputStream data, String contentType);

    void logMetrics(long step, Map<String, Double> values);

    void logParams(Map<String, String> params);

    void setTags(Map<String, String> tags);
}
