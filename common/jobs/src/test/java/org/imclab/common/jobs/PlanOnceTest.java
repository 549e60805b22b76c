package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.imclab.common.tracking.RunView;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;

/**
 * A job runs the plan its service resolved at submit, its run params are those written at submit and
 * nothing else, and a cancel is noticed by the job itself within the poll interval, however rarely the
 * heartbeat runs.
 */
class PlanOnceTest extends QueueDatabaseTest {

    /** What a service might resolve from a StepJobHandler request: a pinned version and a filled-in default. */
    record StepPlan(String datasetVersion, int steps, List<Integer> checkpoints) {
    }

    private JobWorker worker(String id, JobHandler<?> handler, Duration heartbeat) {
        return worker(new WorkerSettings(id, Duration.ofSeconds(60), heartbeat, Duration.ofMillis(50)), handler);
    }

    private static void runToSuccess(JobWorker w, UUID id) {
        w.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> new JobStore(ds, json).state(id) == JobState.SUCCEEDED);
        } finally {
            w.stop();
        }
    }

    @Test
    void theHandlerRunsTheStoredPlanAndParamsAreThoseOfTheSubmit() {
        AtomicReference<StepPlan> seen = new AtomicReference<>();
        JobHandler<StepJobHandler.Request> handler = new StepJobHandler("planned", 1) {
            @Override
            public Object run(StepJobHandler.Request r, JobContext ctx) throws Exception {
                seen.set(ctx.requiredPlan(StepPlan.class));
                ctx.setTags(Map.of("learnt", "while running"));
                return super.run(r, ctx);
            }
        };
        StepPlan plan = new StepPlan("mnist v3", 2, List.of(1, 2));
        UUID id = submissions().submit("planned", new StepJobHandler.Request(2, 0, "plans", null),
                new JobPlan(plan, Map.of("dataset.version", "3", "steps", "2 (resolved)")), null, "plans", null, null)
                .job().id();
        TrackingStore tracking = new TrackingStore(ds);
        Map<String, String> atSubmit = tracking.getRun(id).params();
        assertThat(atSubmit).containsEntry("dataset.version", "3")
                .as("a resolved param wins over the request's own").containsEntry("steps", "2 (resolved)")
                .containsEntry("stepMillis", "0");

        runToSuccess(worker("planner", handler, Duration.ofMillis(200)), id);
        assertThat(seen.get()).as("the plan read back, as stored").isEqualTo(plan);
        RunView finished = tracking.getRun(id);
        assertThat(finished.params()).as("params are immutable: submit wrote them all").isEqualTo(atSubmit);
        assertThat(finished.tags()).containsEntry("learnt", "while running");
    }

    @Test
    void aJobSubmittedWithoutAPlanHasNone() {
        AtomicReference<Boolean> present = new AtomicReference<>();
        JobHandler<StepJobHandler.Request> handler = new StepJobHandler("unplanned", 1) {
            @Override
            public Object run(StepJobHandler.Request r, JobContext ctx) {
                present.set(ctx.plan(StepPlan.class).isPresent());
                return Map.of();
            }
        };
        UUID id = submissions().submit("unplanned", new StepJobHandler.Request(1, 0, "plans", null), null, "plans",
                null, null).job().id();
        runToSuccess(worker("no-plan", handler, Duration.ofMillis(200)), id);
        assertThat(present.get()).isFalse();
    }

    @Test
    void aCancelStopsARunningJobPromptlyWithoutTheHeartbeat() {
        // A heartbeat far longer than the test: only the job's own checkCancelled() can notice the cancel.
        JobWorker w = worker("slow-heartbeat", new StepJobHandler("cancel-poll", 1), Duration.ofMinutes(10));
        UUID id = submissions().submit("cancel-poll", new StepJobHandler.Request(10_000, 20, "plans", null), null,
                "plans", null, null).job().id();
        JobStore store = new JobStore(ds, json);
        w.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.checkpoint(id).isPresent());
            long requested = System.nanoTime();
            assertThat(store.requestCancel(id, "test")).isEqualTo(JobState.CANCELLING);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> store.state(id) == JobState.CANCELLED);
            long millis = (System.nanoTime() - requested) / 1_000_000;
            // 500 ms poll + one 20 ms step + the completing write; generous for a loaded machine.
            assertThat(millis).as("cancel noticed within the poll interval, not the heartbeat's").isLessThan(3_000);
        } finally {
            w.stop();
        }
    }
}
