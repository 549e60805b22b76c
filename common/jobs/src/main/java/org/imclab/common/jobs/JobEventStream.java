package org.imclab.common.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.Caller;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for a job, resumable and quiet. Every event's {@code id} is an {@link EventCursor}
 * ({@code <history>.<metrics>}); the first event also sets {@code retry}. Events:
 * <ul>
 * <li>{@code state}: one per state-history row (from, to, reason, worker, at);</li>
 * <li>{@code metrics}: only when the run logged points the stream has not sent, just those points as
 * {@code [{key, step, value}]};</li>
 * <li>{@code progress}: a snapshot (state, progress, step, ETA) on connecting and whenever it changes;</li>
 * <li>{@code done}: the finished job, then the stream ends.</li>
 * </ul>
 * With {@code Last-Event-ID} the stream resumes after that cursor: exactly the state rows and metric points
 * that came after it. A finished job whose cursor is already at its end answers 204 (no stream), which tells
 * an EventSource to stop reconnecting. It reads the database, so any replica can stream any job.
 */
public class JobEventStream {

    /** What the {@code retry} field asks a client to wait before reconnecting. */
    static final Duration RETRY = Duration.ofSeconds(3);

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "sse-ticker");
        t.setDaemon(true);
        return t;
    });

    public JobEventStream(JobStore jobs, TrackingStore tracking) {
        this.jobs = jobs;
        this.tracking = tracking;
    }

    /** A stream from the start, for callers without a cursor. */
    public SseEmitter stream(UUID id, String kind) {
        return stream(id, kind, null).orElseThrow();
    }

    /**
     * The job's events after {@code lastEventId} (null: all of them), or empty when the job finished and the
     * client has seen its end: the 204 case.
     */
    public Optional<SseEmitter> stream(UUID id, String kind, String lastEventId) {
        // Checked once, as the requesting caller; the ticker thread below has no caller of its own.
        JobView job = jobs.get(id, kind, Caller.currentOrSystem());
        EventCursor from = EventCursor.parse(lastEventId);
        if (lastEventId != null && job.state().isTerminal()
                && from.covers(new EventCursor(jobs.lastHistoryId(id), tracking.lastMetricSeq(id)))) {
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(0L);
        Ticks ticks = new Ticks(id, kind, emitter, from);
        ScheduledFuture<?> task = ticker.scheduleWithFixedDelay(ticks, 0, 1, TimeUnit.SECONDS);
        ticks.task = task;
        emitter.onCompletion(() -> task.cancel(false));
        emitter.onTimeout(() -> task.cancel(false));
        emitter.onError(e -> task.cancel(false));
        return Optional.of(emitter);
    }

    /** One stream's position and what it last said; only the ticker thread touches it. */
    private final class Ticks implements Runnable {
        private final UUID id;
        private final String kind;
        private final SseEmitter emitter;
        private final NewMetricPoints points;
        private EventCursor cursor;
        private String lastProgress;
        private boolean retrySent;
        volatile ScheduledFuture<?> task;

        Ticks(UUID id, String kind, SseEmitter emitter, EventCursor from) {
            this.id = id;
            this.kind = kind;
            this.emitter = emitter;
            this.cursor = from;
            this.points = new NewMetricPoints(tracking, id, from.metrics());
        }

        @Override
        public void run() {
            try {
                // Read first: if it is finished, every transition and point it made is committed and read below.
                JobView v = jobs.get(id, kind, Caller.SYSTEM);
                for (JobStore.HistoryEntry h : jobs.historyAfter(id, cursor.history())) {
                    cursor = cursor.withHistory(h.id());
                    send("state", h.transition());
                }
                List<NewMetricPoints.Point> fresh = points.poll();
                if (!fresh.isEmpty()) {
                    cursor = cursor.withMetrics(points.cursor());
                    send("metrics", fresh);
                }
                String key = v.state() + "|" + v.progress() + "|" + v.currentStep();
                if (!Objects.equals(key, lastProgress)) {
                    lastProgress = key;
                    send("progress", new Progress(v.id(), v.state(), v.progress(), v.currentStep(), v.etaSeconds()));
                }
                if (v.state().isTerminal()) {
                    send("done", v);
                    emitter.complete();
                    stop();
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away.
                stop();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
                stop();
            }
        }

        private void send(String name, Object data) throws IOException {
            SseEmitter.SseEventBuilder event = SseEmitter.event().id(cursor.id()).name(name).data(data);
            if (!retrySent) {
                event.reconnectTime(RETRY.toMillis());
                retrySent = true;
            }
            emitter.send(event);
        }

        private void stop() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /** The payload of a progress event. */
    public record Progress(UUID id, JobState state, double progress, String currentStep, Double etaSeconds) {
    }
}
