package org.imclab.common.jobs;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.imclab.common.artifacts.ArtifactInfo;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.tracking.TrackingStore;
import tools.jackson.databind.json.JsonMapper;

/** The {@link JobContext} a worker hands to a handler for one claimed job. */
class RunningJobContext implements JobContext {

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final String worker;
    private final UUID jobId;
    private final int attempt;
    private final Instant startedAt = Instant.now();
    private volatile boolean cancelRequested;
    private volatile double startProgress = -1;

    RunningJobContext(JobStore jobs, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json, String worker,
            UUID jobId, int attempt) {
        this.jobs = jobs;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.json = json;
        this.worker = worker;
        this.jobId = jobId;
        this.attempt = attempt;
    }

    void markCancelRequested() {
        cancelRequested = true;
    }

    @Override
    public UUID jobId() {
        return jobId;
    }

    @Override
    public UUID runId() {
        return jobId;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public void progress(double fraction, String step) {
        double p = Math.max(0, Math.min(1, fraction));
        if (startProgress < 0) {
            // A resumed job starts part-way: estimate the rate from this attempt's own progress only.
            startProgress = p;
        }
        double elapsed = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
        double done = p - startProgress;
        Double eta = done > 1e-6 ? elapsed / done * (1 - p) : null;
        jobs.progress(jobId, worker, p, step, eta);
    }

    @Override
    public void checkCancelled() {
        if (cancelRequested || jobs.state(jobId) == JobState.CANCELLING) {
            cancelRequested = true;
            throw new JobCancelledException();
        }
    }

    @Override
    public void saveCheckpoint(Map<String, ?> meta, InputStream data) {
        ArtifactInfo info = artifacts.put(data, "application/octet-stream");
        jobs.saveCheckpoint(jobId, worker, info.sha256(), json.valueToTree(meta));
        tracking.attachArtifact(jobId, "checkpoint", info.sha256());
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        return jobs.checkpoint(jobId);
    }

    @Override
    public InputStream openArtifact(String sha256) {
        return artifacts.open(sha256);
    }

    @Override
    public String saveArtifact(String name, InputStream data, String contentType) {
        ArtifactInfo info = artifacts.put(data, contentType);
        tracking.attachArtifact(jobId, name, info.sha256());
        return info.sha256();
    }

    @Override
    public void logMetrics(long step, Map<String, Double> values) {
        tracking.logMetrics(jobId, step, values);
    }

    @Override
    public void logParams(Map<String, String> params) {
        tracking.logParams(jobId, params);
    }

    @Override
    public void setTags(Map<String, String> tags) {
        tracking.setTags(jobId, tags);
    }
}
