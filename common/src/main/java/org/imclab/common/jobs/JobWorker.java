package org.imclab.common.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls the queue for the kinds this JVM handles and runs claimed jobs on its own threads. Each
 * concurrency group has a semaphore, so a JVM never runs more jobs of a group than allowed (one
 * for DJL gradient jobs). A heartbeat renews leases and notices cancel requests.
 */
public class JobWorker {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final WorkerSettings settings;
    private final List<JobHandler<?>> handlers;
    private final Map<String, Semaphore> groups = new HashMap<>();
    private final Map<UUID, RunningJobContext> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private ExecutorService executor;
    private volatile boolean stopping;

    public JobWorker(JobStore jobs, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json,
            WorkerSettings settings, List<JobHandler<?>> handlers) {
        this.jobs = jobs;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.json = json;
        this.settings = settings;
        this.handlers = List.copyOf(handlers);
        for (JobHandler<?> h : handlers) {
            groups.merge(h.concurrencyGroup(), new Semaphore(h.maxConcurrency()),
                    (a, b) -> a.availablePermits() <= b.availablePermits() ? a : b);
        }
    }

    public String workerId() {
        return settings.workerId();
    }

    public synchronized void start() {
        if (scheduler != null || handlers.isEmpty()) {
            return;
        }
        stopping = false;
        scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "job-poller"));
        executor = Executors.newCachedThreadPool(r -> daemon(r, "job-runner"));
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeatSafely, settings.heartbeat().toMillis(),
                settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Job worker {} started for kinds {}", settings.workerId(), handlers.stream().map(JobHandler::kind).toList());
    }

    /**
     * Graceful stop: cancels nothing, but hands running jobs back to the queue so another replica
     * resumes them from their checkpoint without waiting for the lease to expire.
     */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        stopping = true;
        scheduler.shutdownNow();
        for (UUID id : new ArrayList<>(running.keySet())) {
            try {
                jobs.release(id, settings.workerId(), "worker shut down");
            } catch (RuntimeException e) {
                log.warn("Could not release job {} on shutdown", id, e);
            }
        }
        executor.shutdownNow();
        scheduler = null;
        executor = null;
    }

    public int runningJobs() {
        return running.size();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // The database may be restarting; the next poll tries again.
            log.warn("Job poll failed: {}", e.getMessage());
        }
    }

    private void poll() {
        for (JobHandler<?> handler : handlers) {
            Semaphore slots = groups.get(handler.concurrencyGroup());
            while (!stopping && slots.tryAcquire()) {
                var claimed = jobs.claim(handler.kind(), settings.workerId(), settings.lease());
                if (claimed.isEmpty()) {
                    slots.release();
                    break;
                }
                launch(handler, claimed.get(), slots);
            }
        }
    }

    private void launch(JobHandler<?> handler, JobStore.ClaimedJob job, Semaphore slots) {
        RunningJobContext ctx = new RunningJobContext(jobs, tracking, artifacts, json, settings.workerId(), job.id(),
                job.attempts());
        running.put(job.id(), ctx);
        try {
            executor.submit(() -> {
                try {
                    execute(handler, job, ctx);
                } finally {
                    running.remove(job.id());
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            running.remove(job.id());
            slots.release();
            throw e;
        }
    }

    private <R> void execute(JobHandler<R> handler, JobStore.ClaimedJob job, RunningJobContext ctx) {
        String worker = settings.workerId();
        try (Caller.Binding owner = Caller.bind(job.owner())) {
            R request = json.treeToValue(job.request(), handler.requestType());
            Object result = handler.run(request, ctx);
            JsonNode node = result == null ? null : json.valueToTree(result);
            if (!jobs.complete(job.id(), worker, JobState.SUCCEEDED, "completed", node, null)) {
                log.warn("Job {} finished but its lease was lost; result discarded", job.id());
            }
        } catch (JobCancelledException e) {
            jobs.complete(job.id(), worker, JobState.CANCELLED, "cancelled by request", null, null);
        } catch (LeaseLostException e) {
            log.warn("Job {} lost its lease; another worker owns it now", job.id());
        } catch (Throwable e) {
            if (stopping) {
                return;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("Job {} ({}) failed", job.id(), handler.kind(), e);
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            jobs.complete(job.id(), worker, JobState.FAILED, "error", null, message);
        }
    }

    private void heartbeatSafely() {
        try {
            Map<UUID, JobState> states = jobs.heartbeat(settings.workerId(), running.keySet(), settings.lease());
            states.forEach((id, state) -> {
                if (state == JobState.CANCELLING) {
                    RunningJobContext ctx = running.get(id);
                    if (ctx != null) {
                        ctx.markCancelRequested();
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Heartbeat failed: {}", e.getMessage());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
