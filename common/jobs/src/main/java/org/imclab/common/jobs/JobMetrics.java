package org.imclab.common.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The job queue's meters, tagged by {@code service} and {@code kind} (the claim timer by concurrency
 * {@code group}, since one claim statement serves every kind of a group). Prometheus names, as
 * {@code /actuator/prometheus} shows them:
 * <ul>
 * <li>{@code imclab_jobs_submitted_total}, {@code imclab_jobs_succeeded_total}, {@code imclab_jobs_failed_total},
 * {@code imclab_jobs_cancelled_total}: counted when the transition commits, in the replica that made it;</li>
 * <li>{@code imclab_jobs_duration_seconds} (histogram, {@code state} tag): first start to finish, resumes included;</li>
 * <li>{@code imclab_jobs_queue_wait_seconds} (histogram): from becoming QUEUED to being claimed;</li>
 * <li>{@code imclab_jobs_claim_duration_seconds} (histogram): the claim statement;</li>
 * <li>{@code imclab_jobs_lease_expiries_total}: jobs claimed again because their worker's lease ran out;</li>
 * <li>{@code imclab_jobs_resumed_total}: claims of a job that had run before (lease expiry, hand-back on
 * shutdown or outage), which continue from the last checkpoint;</li>
 * <li>{@code imclab_jobs_queue_depth} ({@code state} tag): QUEUED, RUNNING and CANCELLING jobs in the whole
 * queue, not just this replica's, read from PostgreSQL at most every few seconds.</li>
 * </ul>
 * Every series of the kinds this service handles is registered here, at start-up, so a dashboard sees
 * zeros rather than gaps before the first job and {@code rate()} counts that job.
 */
public class JobMetrics {

    /** The states whose jobs count towards queue depth. */
    public static final List<JobState> ACTIVE = List.of(JobState.QUEUED, JobState.RUNNING, JobState.CANCELLING);
    private static final List<JobState> TERMINAL = List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);

    private final MeterRegistry registry;
    private final String service;
    private final Map<String, String> groupOfKind = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
    }

    /**
     * Registers every series of these kinds, so they exist before the first job. Called once all singletons
     * exist, not from the constructor: handlers may themselves submit jobs (a sweep), so they depend on the
     * store that depends on these meters.
     *
     * @param depth where queue depth comes from; null registers no depth gauges
     */
    public void registerKinds(Collection<? extends JobHandler<?>> handlers, JobQueueDepth depth) {
        for (JobHandler<?> h : handlers) {
            groupOfKind.put(h.kind(), h.concurrencyGroup());
        }
        for (JobHandler<?> h : handlers) {
            String kind = h.kind();
            submitted(kind);
            for (JobState s : TERMINAL) {
                finishedCounter(kind, s);
                duration(kind, s);
            }
            queueWait(kind);
            leaseExpiries(kind);
            resumed(kind);
            if (depth != null) {
                for (JobState s : ACTIVE) {
                    Gauge.builder("imclab.jobs.queue.depth", depth, d -> d.count(kind, s))
                            .description("Jobs in this state in the whole queue (all replicas)")
                            .tags(tags(kind).and("state", s.name()))
                            // Gauges hold their object weakly by default; nothing else keeps the depth alive.
                            .strongReference(true)
                            .register(registry);
                }
            }
        }
        for (String group : new java.util.LinkedHashSet<>(groupOfKind.values())) {
            claimTimer(group);
        }
    }

    /** Meters that go nowhere: for stores and workers built outside Spring (tests, tools). */
    public static JobMetrics none() {
        return new JobMetrics(new CompositeMeterRegistry(), "none");
    }

    void jobSubmitted(String kind) {
        submitted(kind).increment();
    }

    /** A job reached a terminal state; {@code seconds} since its first start, null if it never started. */
    void jobFinished(String kind, JobState state, Double seconds) {
        finishedCounter(kind, state).increment();
        if (seconds != null) {
            duration(kind, state).record(Math.max(0, Math.round(seconds * 1e9)), TimeUnit.NANOSECONDS);
        }
    }

    /** One claim statement over {@code kinds} took {@code nanos} and returned {@code claimed}. */
    void claimed(Collection<String> kinds, long nanos, List<JobStore.ClaimedJob> claimed) {
        String first = kinds.iterator().next();
        claimTimer(groupOfKind.getOrDefault(first, first)).record(nanos, TimeUnit.NANOSECONDS);
        for (JobStore.ClaimedJob job : claimed) {
            if (job.claimedFrom() == JobState.RUNNING) {
                leaseExpiries(job.kind()).increment();
            }
            if (job.attempts() > 1) {
                resumed(job.kind()).increment();
            }
            if (job.queuedSeconds() != null) {
                queueWait(job.kind()).record(Math.max(0, Math.round(job.queuedSeconds() * 1e9)), TimeUnit.NANOSECONDS);
            }
        }
    }

    private Tags tags(String kind) {
        return Tags.of("service", service, "kind", kind);
    }

    private Counter submitted(String kind) {
        return Counter.builder("imclab.jobs.submitted").description("Jobs accepted into the queue")
                .tags(tags(kind)).register(registry);
    }

    private Counter finishedCounter(String kind, JobState state) {
        return Counter.builder("imclab.jobs." + state.name().toLowerCase(java.util.Locale.ROOT))
                .description("Jobs that reached " + state).tags(tags(kind)).register(registry);
    }

    private Timer duration(String kind, JobState state) {
        return Timer.builder("imclab.jobs.duration").description("Time from a job's first start to its end")
                .tags(tags(kind).and("state", state.name()))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(1)).register(registry);
    }

    private Timer queueWait(String kind) {
        return Timer.builder("imclab.jobs.queue.wait").description("Time a job waited in QUEUED before a worker claimed it")
                .tags(tags(kind)).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(6)).register(registry);
    }

    private Timer claimTimer(String group) {
        return Timer.builder("imclab.jobs.claim.duration").description("Time of one claim statement")
                .tags(Tags.of("service", service, "group", group)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter leaseExpiries(String kind) {
        return Counter.builder("imclab.jobs.lease.expiries")
                .description("Jobs claimed again because their worker's lease expired").tags(tags(kind))
                .register(registry);
    }

    private Counter resumed(String kind) {
        return Counter.builder("imclab.jobs.resumed")
                .description("Claims of a job that ran before; it continues from its last checkpoint")
                .tags(tags(kind)).register(registry);
    }
}
