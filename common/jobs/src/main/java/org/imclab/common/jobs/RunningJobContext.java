package org.imclab.common.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.imclab.common.artifacts.ArtifactInfo;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.db.DatabaseOutage;
import org.imclab.common.tracking.TrackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link JobContext} a worker hands to a handler for one claimed job. Every database call rides
 * through a short outage: it waits for PostgreSQL to come back (up to the worker's ride-through time)
 * and then first proves, by renewing the lease with its attempt number, that no other worker took the
 * job meanwhile. So a job pauses at its next database touch instead of failing, and a job whose lease
 * was taken stops with {@link LeaseLostException} instead of running twice.
 */
class RunningJobContext implements JobContext {

    private static final Logger log = LoggerFactory.getLogger(RunningJobContext.class);
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final JobStore.Lease lease;
    private final JsonNode plan;
    private final Duration leaseDuration;
    private final Duration rideThrough;
    private final Instant startedAt = Instant.now();
    /** How often {@link #checkCancelled()} asks the database whether a cancel was requested. */
    static final Duration CANCEL_POLL = Duration.ofMillis(500);
    private volatile boolean cancelRequested;
    /** When the job's own thread last read its state for {@link #checkCancelled()}; 0 before the first read. */
    private long lastCancelPoll;
    private volatile boolean leaseLost;
    private volatile boolean stopRequested;
    private volatile double startProgress = -1;
    private static final Duration PROGRESS_WRITE_INTERVAL = Duration.ofSeconds(1);
    private final ReentrantLock progressLock = new ReentrantLock();
    private long lastProgressWrite;
    private Progress pendingProgress;

    RunningJobContext(JobStore jobs, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json,
            JobStore.Lease lease, JsonNode plan, Duration leaseDuration, Duration rideThrough) {
        this.jobs = jobs;
        this.plan = plan;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.json = json;
        this.lease = lease;
        this.leaseDuration = leaseDuration;
        this.rideThrough = rideThrough;
    }

    JobStore.Lease lease() {
        return lease;
    }

    /** The heartbeat found the job owned by another attempt: stop at the next step. */
    void markLeaseLost() {
        leaseLost = true;
    }

    /**
     * The worker is shutting down: the job stops at its next {@link #checkCancelled()} and is handed back,
     * neither cancelled nor failed.
     */
    void markStopRequested() {
        stopRequested = true;
    }

    /**
     * Runs a database operation, waiting out an outage. Before retrying it renews the lease under this
     * attempt: after a long outage the lease may have expired and been claimed by another worker.
     */
    <T> T withDatabase(Supplier<T> op) {
        long backoff = 100;
        Instant deadline = null;
        boolean retrying = false;
        while (true) {
            if (leaseLost) {
                throw new LeaseLostException(lease.jobId());
            }
            try {
                if (retrying && jobs.renew(lease, leaseDuration).isEmpty()) {
                    leaseLost = true;
                    throw new LeaseLostException(lease.jobId());
                }
                return op.get();
            } catch (RuntimeException e) {
                if (!DatabaseOutage.isCause(e)) {
                    throw e;
                }
                Instant now = Instant.now();
                if (deadline == null) {
                    deadline = now.plus(rideThrough);
                    log.warn("Job {} waits for the database ({})", lease.jobId(), e.getMessage());
                }
                if (now.isAfter(deadline)) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                retrying = true;
            }
        }
    }

    private void withDatabase(Runnable op) {
        withDatabase(() -> {
            op.run();
            return null;
        });
    }

    @Override
    public UUID jobId() {
        return lease.jobId();
    }

    @Override
    public UUID runId() {
        return lease.jobId();
    }

    @Override
    public int attempt() {
        return lease.attempt();
    }

    @Override
    public <T> Optional<T> plan(Class<T> type) {
        if (plan == null || plan.isNull()) {
            return Optional.empty();
        }
        // Lenient about properties the type no longer has: a plan may outlive a code change while it is queued.
        return Optional.of(json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(plan));
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
        Progress update = new Progress(p, step, eta);
        progressLock.lock();
        try {
            long now = System.nanoTime();
            if (lastProgressWrite != 0 && now - lastProgressWrite < PROGRESS_WRITE_INTERVAL.toNanos()) {
                // Written at most once a second: a cheap job reports several steps within milliseconds, and
                // each write is a commit. The heartbeat writes what is left pending; completion sets 1.0.
                pendingProgress = update;
                return;
            }
            pendingProgress = null;
            withDatabase(() -> jobs.progress(lease, update.fraction(), update.step(), update.eta()));
            lastProgressWrite = System.nanoTime();
        } finally {
            progressLock.unlock();
        }
    }

    /**
     * Writes the latest progress held back by {@link #progress}, from the heartbeat. It never waits: if the
     * job's own thread is writing (perhaps riding out an outage), the heartbeat must go on renewing the
     * other jobs' leases, and tries again next time.
     */
    void flushProgress() {
        if (!progressLock.tryLock()) {
            return;
        }
        try {
            Progress update = pendingProgress;
            if (update == null || leaseLost) {
                return;
            }
            jobs.progress(lease, update.fraction(), update.step(), update.eta());
            pendingProgress = null;
            lastProgressWrite = System.nanoTime();
        } catch (LeaseLostException e) {
            leaseLost = true;
        } finally {
            progressLock.unlock();
        }
    }

    private record Progress(double fraction, String step, Double eta) {
    }

    /**
     * The one place a cancel request is noticed: handlers call this between steps, often every batch, and
     * it reads the job's state at most every {@link #CANCEL_POLL}, so a cancel stops a job within about
     * that time plus one step, at the cost of one primary-key read per running job and interval. (The
     * heartbeat renews leases and notices lost ones; it leaves cancellation to this.)
     */
    @Override
    public void checkCancelled() {
        if (leaseLost) {
            throw new LeaseLostException(lease.jobId());
        }
        if (stopRequested) {
            throw new WorkerStoppingException(lease.jobId());
        }
        if (!cancelRequested) {
            long now = System.nanoTime();
            if (lastCancelPoll != 0 && now - lastCancelPoll < CANCEL_POLL.toNanos()) {
                return;
            }
            cancelRequested = withDatabase(() -> jobs.state(lease.jobId())) == JobState.CANCELLING;
            lastCancelPoll = System.nanoTime();
        }
        if (cancelRequested) {
            throw new JobCancelledException();
        }
    }

    @Override
    public void saveCheckpoint(Map<String, ?> meta, InputStream data) {
        String sha = storeSpooled(data, "application/octet-stream");
        withDatabase(() -> jobs.saveCheckpoint(lease, sha, json.valueToTree(meta)));
        withDatabase(() -> tracking.attachArtifact(lease.jobId(), "checkpoint", sha));
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        return withDatabase(() -> jobs.checkpoint(lease.jobId()));
    }

    @Override
    public InputStream openArtifact(String sha256) {
        return withDatabase(() -> artifacts.open(sha256));
    }

    @Override
    public String saveArtifact(String name, InputStream data, String contentType) {
        String sha = storeSpooled(data, contentType);
        withDatabase(() -> tracking.attachArtifact(lease.jobId(), name, sha));
        return sha;
    }

    /** Spools the stream to a file first, so a store interrupted by an outage can be repeated. */
    private String storeSpooled(InputStream data, String contentType) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("imclab-job-", ".part");
            Files.copy(data, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path file = tmp;
            ArtifactInfo info = withDatabase(() -> artifacts.putFile(file, contentType));
            return info.sha256();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spool artifact of job " + lease.jobId(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans it up
                }
            }
        }
    }

    @Override
    public void logMetrics(long step, Map<String, Double> values) {
        withDatabase(() -> tracking.logMetrics(lease.jobId(), step, values));
    }

    @Override
    public void setTags(Map<String, String> tags) {
        withDatabase(() -> tracking.setTags(lease.jobId(), tags));
    }
}
