package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The queue on real PostgreSQL: exactly-once claims across workers, crash recovery, cancel. */
class JobQueueTest extends QueueDatabaseTest {

    private JobWorker worker(String id, JobHandler<?> handler, Duration lease) {
        return worker(new WorkerSettings(id, lease, Duration.ofMillis(300), Duration.ofMillis(50)), handler);
    }

    @Test
    void twoWorkersRunEachOfSixtyJobsExactlyOnce() {
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        JobHandler<StepJobHandler.Request> counting = new StepJobHandler("count", 3) {
            @Override
            public Object run(StepJobHandler.Request r, JobContext ctx) throws Exception {
                runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(5);
                return Map.of("ok", true);
            }
        };
        JobWorker a = worker("worker-a", counting, Duration.ofSeconds(30));
        JobWorker b = worker("worker-b", counting, Duration.ofSeconds(30));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(submissions().submit("count", new StepJobHandler.Request(1, 0, "exactly-once", null), null,
                    "exactly-once", null, null).job().id());
        }
        a.start();
        b.start();
        try {
            JobStore store = new JobStore(ds, json);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> store.state(id) == JobState.SUCCEEDED));
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(runs).hasSize(60);
        assertThat(runs.values()).allMatch(c -> c.get() == 1);
        List<String> workers = JdbcClient.create(ds).sql("""
                select distinct worker from jobs.job_state_history h join jobs.job j on j.id = h.job_id
                where j.kind = 'count' and to_state = 'RUNNING'""").query(String.class).list();
        assertThat(workers).as("both workers took part").containsExactlyInAnyOrder("worker-a", "worker-b");
    }

    @Test
    void killedWorkerProcessIsResumedFromCheckpointByAnother() throws Exception {
        UUID id = submissions().submit("crashy", new StepJobHandler.Request(8, 400, "crash", null), null, "crash",
                null, null).job().id();
        JobStore store = new JobStore(ds, json);
        Process child = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                WorkerProcessMain.class.getName())
                .command(withArgs(WorkerProcessMain.args(url, "crashy", cache.resolve("child"))))
                .redirectErrorStream(true)
                .redirectOutput(cache.resolve("child.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> store.checkpoint(id)
                    .map(c -> c.meta().get("step").asInt() >= 3).orElse(false));
        } finally {
            child.destroyForcibly().waitFor();
        }
        int stepAtKill = store.checkpoint(id).orElseThrow().meta().get("step").asInt();
        assertThat(store.state(id)).isEqualTo(JobState.RUNNING);

        JobWorker survivor = worker("survivor", new StepJobHandler("crashy", 1), Duration.ofSeconds(2));
        survivor.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> store.state(id) == JobState.SUCCEEDED);
        } finally {
            survivor.stop();
        }
        JobView view = store.get(id, "crashy");
        assertThat(view.attempts()).isEqualTo(2);
        assertThat(view.result().get("resumedFrom").asInt()).isGreaterThanOrEqualTo(stepAtKill);
        assertThat(view.result().get("attempt").asInt()).isEqualTo(2);
        assertThat(view.history()).extracting(JobView.Transition::reason).contains("resumed after lease expiry");
        assertThat(view.history()).extracting(JobView.Transition::worker).contains("child-worker", "survivor");
        List<MetricPoint> loss = new TrackingStore(ds).metricHistory(id, "loss");
        assertThat(loss).extracting(MetricPoint::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void cancelIsCooperativeAndRecordedInHistory() {
        UUID id = submissions().submit("slow", new StepJobHandler.Request(100, 100, "cancel", null), null, "cancel",
                null, null).job().id();
        JobStore store = new JobStore(ds, json);
        JobWorker w = worker("canceller", new StepJobHandler("slow", 1), Duration.ofSeconds(30));
        w.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.get(id, "slow").progress() > 0.02);
            assertThat(store.requestCancel(id, "test")).isEqualTo(JobState.CANCELLING);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.state(id) == JobState.CANCELLED);
        } finally {
            w.stop();
        }
        assertThat(store.get(id, "slow").history()).extracting(JobView.Transition::to)
                .containsExactly(JobState.QUEUED, JobState.RUNNING, JobState.CANCELLING, JobState.CANCELLED);
        assertThat(new TrackingStore(ds).getRun(id).state()).isEqualTo("CANCELLED");
    }

    @Test
    void aQueuedJobCancelsAtOnceAndProgressHasAnEta() {
        UUID id = submissions().submit("never-run", new StepJobHandler.Request(1, 0, "cancel", null), null, "cancel",
                null, null).job().id();
        JobStore store = new JobStore(ds, json);
        assertThat(store.requestCancel(id, "test")).isEqualTo(JobState.CANCELLED);
        assertThat(store.requestCancel(id, "again")).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void gradientGroupRunsOneJobAtATimePerJvm() {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        class Gradient extends StepJobHandler {
            Gradient(String kind) {
                super(kind, DJL_GRADIENT, 1);
            }

            @Override
            public Object run(Request r, JobContext ctx) throws Exception {
                maxSeen.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                Thread.sleep(50);
                concurrent.decrementAndGet();
                return null;
            }
        }
        JobWorker w = worker(new WorkerSettings("gradient", Duration.ofSeconds(30), Duration.ofMillis(300),
                Duration.ofMillis(20)), new Gradient("train-a"), new Gradient("train-b"));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(submissions().submit(i % 2 == 0 ? "train-a" : "train-b", new StepJobHandler.Request(1, 0, "g", null),
                    null, "g", null, null).job().id());
        }
        JobStore store = new JobStore(ds, json);
        w.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> store.state(id) == JobState.SUCCEEDED));
        } finally {
            w.stop();
        }
        assertThat(maxSeen.get()).isEqualTo(1);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> withArgs(String[] args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                WorkerProcessMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
