package org.imclab.common.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.Caller;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for a job: a {@code progress} event whenever state, progress or step change,
 * a {@code metrics} event whenever the run has logged points the stream has not sent yet (an array of
 * {@code {key, step, value}}, only those new points), and a final {@code done}. It reads the database, so
 * any replica can stream any job, whichever worker runs it.
 */
public class JobEventStream {

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

    public SseEmitter stream(UUID id, String kind) {
        // Checked once, as the requesting caller; the ticker thread below has no caller of its own.
        jobs.get(id, kind, Caller.currentOrSystem());
        SseEmitter emitter = new SseEmitter(0L);
        Object[] last = new Object[1];
        NewMetricPoints points = new NewMetricPoints(tracking, id);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = ticker.scheduleWithFixedDelay(() -> {
            try {
                JobView v = jobs.get(id, kind, Caller.SYSTEM);
                String key = v.state() + "|" + v.progress() + "|" + v.currentStep();
                if (!Objects.equals(key, last[0])) {
                    last[0] = key;
                    emitter.send(SseEmitter.event().name("progress").data(new Progress(v.id(), v.state(), v.progress(),
                            v.currentStep(), v.etaSeconds())));
                }
                List<NewMetricPoints.Point> fresh = points.poll();
                if (!fresh.isEmpty()) {
                    emitter.send(SseEmitter.event().name("metrics").data(fresh));
                }
                if (v.state().isTerminal()) {
                    emitter.send(SseEmitter.event().name("done").data(v));
                    emitter.complete();
                    task[0].cancel(false);
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away.
                task[0].cancel(false);
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
                task[0].cancel(false);
            }
        }, 0, 1, TimeUnit.SECONDS);
        emitter.onCompletion(() -> task[0].cancel(false));
        emitter.onTimeout(() -> task[0].cancel(false));
        return emitter;
    }

    /** The payload of a progress event. */
    public record Progress(UUID id, JobState state, double progress, String currentStep, Double etaSeconds) {
    }
}
