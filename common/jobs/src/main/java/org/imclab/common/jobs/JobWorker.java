package org.imclab.common.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.db.DatabaseOutage;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims jobs of the kinds this JVM handles and runs them on its own threads. Each concurrency group has
 * a number of slots (one for DJL gradient jobs); one claim statement takes as many jobs of a group as it
 * has free slots. The poller sleeps until a NOTIFY says a job was queued, a slot frees up while work is
 * waiting, or the fallback poll interval passes. A heartbeat renews the leases of running jobs and
 * notices leases taken by another worker; cancel requests are noticed by the job itself
 * ({@link JobContext#checkCancelled()}).
 */
public class JobWorker {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    /** How often jobs that must not run again (dead while cancelling, out of attempts) are settled. */
    private static final Duration REAP_INTERVAL = Duration.ofSeconds(10);

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final WorkerSettings settings;
    private final Map<String, JobHandler<?>> handlers = new LinkedHashMap<>();
    private final List<SlotGroup> groups = new ArrayList<>();
    private final Map<UUID, RunningJobContext> running = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private Thread poller;
    private ScheduledExecutorService heartbeats;
    private ExecutorService executor;
    private JobWakeups wakeups;
    private volatile boolean stopping;
    private volatile Instant lastPollAt;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastReapAt = Instant.EPOCH;
    private volatile String lastError;
    private volatile Instant lastHeartbeatAt;
    private volatile String lastHeartbeatError;

    /** The slots one concurrency group has in this JVM, and the kinds that share them. */
    private static final class SlotGroup {
        final String name;
        final int size;
        final Semaphore slots;
        final List<String> kinds;
        /** The last claim filled every free slot, so more jobs may be waiting. */
        volatile boolean backlog;

        SlotGroup(String name, int size, List<String> kinds) {
            this.name = name;
            this.size = size;
            this.slots = new Semaphore(size);
            this.kinds = List.copyOf(kinds);
        }
    }

    public JobWorker(JobStore jobs, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json,
            WorkerSettings settings, List<JobHandler<?>> handlers) {
        this.jobs = jobs;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.json = json;
        this.settings = settings;
        Map<String, List<JobHandler<?>>> byGroup = new LinkedHashMap<>();
        for (JobHandler<?> h : handlers) {
            this.handlers.put(h.kind(), h);
            byGroup.computeIfAbsent(h.concurrencyGroup(), g -> new ArrayList<>()).add(h);
        }
        byGroup.forEach((group, members) -> {
            int size = slotsFor(group, members, settings.concurrency());
            groups.add(new SlotGroup(group, size, members.stream().map(JobHandler::kind).toList()));
        });
    }

    /**
     * A group's slots: the configured number for the group (or for its only kind), else the smallest
     * default among its handlers. The DJL gradient group is fixed at one: PyTorch allows one gradient
     * collector per JVM.
     */
    static int slotsFor(String group, List<JobHandler<?>> members, Map<String, Integer> configured) {
        Integer n = configured.get(group);
        if (n == null && members.size() == 1) {
            n = configured.get(members.get(0).kind());
        }
        if (n == null) {
            n = members.stream().mapToInt(JobHandler::maxConcurrency).min().orElse(1);
        }
        if (n < 1) {
            throw new IllegalArgumentException("imclab.worker.concurrency." + group + " must be at least 1, not " + n);
        }
        if (JobHandler.DJL_GRADIENT.equals(group) && n != 1) {
            throw new IllegalArgumentException("imclab.worker.concurrency." + group
                    + " must be 1: the PyTorch engine allows one gradient collector per JVM (add replicas instead)");
        }
        return n;
    }

    public String workerId() {
        return settings.workerId();
    }

    public synchronized void start() {
        if (poller != null || handlers.isEmpty()) {
            return;
        }
        stopping = false;
        executor = Executors.newCachedThreadPool(r -> daemon(r, "job-runner"));
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "job-heartbeat"));
        heartbeats.scheduleWithFixedDelay(this::heartbeat, settings.heartbeat().toMillis(), settings.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        wakeups = new JobWakeups(jobs.dataSource(), handlers.keySet(), wake::release);
        wakeups.start();
        poller = daemon(this::pollLoop, "job-poller");
        poller.start();
        log.info("Job worker {} started for kinds {} with slots {}", settings.workerId(), handlers.keySet(), slots());
    }

    /** How long {@link #stop()} lets running jobs reach their next step boundary before it cuts them off. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(20);

    /** Graceful stop with {@link #DEFAULT_DRAIN}; see {@link #stop(Duration)}. */
    public void stop() {
        stop(DEFAULT_DRAIN);
    }

    /**
     * Graceful stop (SIGTERM in a pod): cancels nothing, but hands running jobs back to the queue so another
     * replica resumes them from their checkpoint without waiting for the lease to expire.
     * <ol>
     * <li>No more claims: the poller and the NOTIFY listener stop first.</li>
     * <li>Each running job is asked to stop at its next {@link JobContext#checkCancelled()}, i.e. at a step
     * boundary, after the checkpoint of the step it finished. The heartbeat keeps renewing leases meanwhile,
     * so nobody else takes a job that is still writing.</li>
     * <li>Jobs still running after {@code drain} are fenced (no further metric, checkpoint or progress write
     * from this attempt) and interrupted. The release comes only after the job thread has exited or the
     * fence is up, so the resuming replica can never see a late metric of this attempt for a step it
     * repeats: every step is recorded once.</li>
     * </ol>
     * The caller's budget (Kubernetes' terminationGracePeriodSeconds) must cover {@code drain} plus a few
     * seconds for the release; deploy/k8s sets both (docs/deploy.md).
     */
    public void stop(Duration drain) {
        List<RunningJobContext> handedBack;
        synchronized (this) {
            if (poller == null) {
                return;
            }
            stopping = true;
            poller.interrupt();
            wakeups.stop();
            try {
                // A claim already in flight completes and launches its jobs; they must be in the snapshot.
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handedBack = new ArrayList<>(running.values());
            handedBack.forEach(RunningJobContext::markStopRequested);
        }
        if (!awaitIdle(drain)) {
            log.warn("{} job(s) did not reach a step boundary within {}; interrupting them", running.size(), drain);
            running.values().forEach(RunningJobContext::markLeaseLost);
            executor.shutdownNow();
            // Interrupted threads leave at their next blocking call; a write already in flight finishes.
            awaitIdle(Duration.ofSeconds(2));
        }
        synchronized (this) {
            heartbeats.shutdownNow();
            // Released only now: a job that finished during the drain is terminal and release skips it.
            for (RunningJobContext ctx : handedBack) {
                try {
                    jobs.release(ctx.lease(), "worker shut down");
                } catch (RuntimeException e) {
                    log.warn("Could not release job {} on shutdown", ctx.jobId(), e);
                }
            }
            executor.shutdownNow();
            if (!handedBack.isEmpty()) {
                log.info("Job worker {} stopped; handed back {} job(s) at their last checkpoint", settings.workerId(),
                        handedBack.size());
            }
            poller = null;
            heartbeats = null;
            executor = null;
            wakeups = null;
        }
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running.isEmpty();
            }
        }
        return true;
    }

    public int runningJobs() {
        return running.size();
    }

    /** What the health endpoint reports: whether the poller runs and reaches the queue. */
    public record Status(boolean started, Instant lastPollAt, Instant lastSuccessAt, String lastError,
            Instant lastHeartbeatAt, String lastHeartbeatError, boolean listening, int runningJobs,
            Map<String, String> slots, Duration pollInterval) {
    }

    public Status status() {
        Thread p = poller;
        JobWakeups w = wakeups;
        return new Status(p != null && p.isAlive(), lastPollAt, lastSuccessAt, lastError, lastHeartbeatAt,
                lastHeartbeatError, w != null && w.connected(), running.size(), slots(), settings.pollInterval());
    }

    private Map<String, String> slots() {
        Map<String, String> out = new LinkedHashMap<>();
        for (SlotGroup g : groups) {
            out.put(g.name, (g.size - g.slots.availablePermits()) + "/" + g.size + " busy");
        }
        return out;
    }

    private void pollLoop() {
        while (!stopping) {
            pollOnce();
            try {
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pollOnce() {
        lastPollAt = Instant.now();
        try {
            if (Duration.between(lastReapAt, lastPollAt).compareTo(REAP_INTERVAL) >= 0) {
                jobs.reapAbandoned(handlers.keySet(), settings.workerId(), running.keySet());
                lastReapAt = lastPollAt;
            }
            for (SlotGroup g : groups) {
                claimInto(g);
            }
            if (lastError != null) {
                log.info("Job poller reaches the queue again");
            }
            lastSuccessAt = Instant.now();
            lastError = null;
        } catch (Throwable e) {
            if (lastError == null) {
                // Logged once per outage: the poller retries every interval and would flood the log.
                log.warn("Job poll failed (retrying every {}): {}", settings.pollInterval(), e.toString());
            }
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Claims as many jobs as the group has free slots, in one statement; a failed claim frees them all. */
    private void claimInto(SlotGroup g) {
        int free = g.slots.drainPermits();
        if (free == 0 || stopping) {
            g.slots.release(free);
            return;
        }
        List<JobStore.ClaimedJob> claimed = List.of();
        try {
            claimed = jobs.claimBatch(g.kinds, settings.workerId(), settings.lease(), free, running.keySet());
        } finally {
            g.slots.release(free - claimed.size());
        }
        // A full batch means more may be waiting: a finishing job then wakes the poller at once.
        g.backlog = claimed.size() == free;
        for (JobStore.ClaimedJob job : claimed) {
            launch(job, g);
        }
    }

    private void launch(JobStore.ClaimedJob job, SlotGroup group) {
        JobHandler<?> handler = handlers.get(job.kind());
        RunningJobContext ctx = new RunningJobContext(jobs, tracking, artifacts, json, job.lease(settings.workerId()),
                job.plan(), settings.lease(), settings.outageRideThrough());
        running.put(job.id(), ctx);
        try {
            executor.submit(() -> {
                try {
                    execute(handler, job, ctx);
                } finally {
                    running.remove(job.id());
                    group.slots.release();
                    if (group.backlog) {
                        wake.release();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // Only while stopping: give the job straight back rather than leave it to lease expiry.
            running.remove(job.id());
            group.slots.release();
            try {
                jobs.release(ctx.lease(), "worker shut down");
            } catch (RuntimeException ignored) {
                // its lease expires and another worker takes it
            }
        }
    }

    private <R> void execute(JobHandler<R> handler, JobStore.ClaimedJob job, RunningJobContext ctx) {
        JobStore.Lease lease = ctx.lease();
        try (Caller.Binding owner = Caller.bind(job.owner())) {
            R request = json.treeToValue(job.request(), handler.requestType());
            Object result = handler.run(request, ctx);
            JsonNode node = result == null ? null : json.valueToTree(result);
            if (!ctx.withDatabase(() -> jobs.complete(lease, JobState.SUCCEEDED, "completed", node, null))) {
                log.warn("Job {} finished but its lease was lost; result discarded", job.id());
            }
        } catch (JobCancelledException e) {
            finishQuietly(ctx, JobState.CANCELLED, "cancelled by request", null);
        } catch (LeaseLostException e) {
            if (!stopping) {
                log.warn("Job {} lost its lease; another worker owns it now", job.id());
            }
        } catch (Throwable e) {
            if (stopping) {
                return;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (DatabaseOutage.isCause(e)) {
                // Not the job's fault: hand it back to resume from its checkpoint once the database is up.
                log.warn("Job {} ({}) stopped by a database outage; handing it back: {}", job.id(), handler.kind(),
                        e.getMessage());
                releaseQuietly(ctx, "database unavailable");
                return;
            }
            log.error("Job {} ({}) failed", job.id(), handler.kind(), e);
            finishQuietly(ctx, JobState.FAILED, "error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void finishQuietly(RunningJobContext ctx, JobState to, String reason, String error) {
        try {
            ctx.withDatabase(() -> jobs.complete(ctx.lease(), to, reason, null, error));
        } catch (LeaseLostException e) {
            log.warn("Job {} lost its lease before it could be marked {}", ctx.jobId(), to);
        } catch (RuntimeException e) {
            // Its lease expires and the job is claimed again (or settled, if cancelling).
            log.warn("Could not mark job {} {}: {}", ctx.jobId(), to, e.getMessage());
        }
    }

    private void releaseQuietly(RunningJobContext ctx, String reason) {
        try {
            ctx.withDatabase(() -> {
                jobs.release(ctx.lease(), reason);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Could not hand job {} back ({}); its lease will expire", ctx.jobId(), e.getMessage());
        }
    }

    private void heartbeat() {
        List<RunningJobContext> contexts = new ArrayList<>(running.values());
        try {
            Map<UUID, JobState> states = jobs.renew(contexts.stream().map(RunningJobContext::lease).toList(),
                    settings.lease());
            for (RunningJobContext ctx : contexts) {
                JobState state = states.get(ctx.jobId());
                if (state == null) {
                    // Finished meanwhile, or another attempt owns it: either way this one must stop.
                    ctx.markLeaseLost();
                } else {
                    // A CANCELLING state is left to the job's own checkCancelled(), the one place cancels are seen.
                    ctx.flushProgress();
                }
            }
            if (lastHeartbeatError != null) {
                log.info("Heartbeat renews leases again");
            }
            lastHeartbeatAt = Instant.now();
            lastHeartbeatError = null;
        } catch (RuntimeException e) {
            if (lastHeartbeatError == null) {
                log.warn("Heartbeat failed: {}", e.getMessage());
            }
            lastHeartbeatError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
