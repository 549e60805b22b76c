package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Batch claims, NOTIFY wake-ups, slot accounting and lease fencing, on real PostgreSQL. Each test uses
 * its own job kinds, so they share one database.
 */
class ClaimAndLeaseTest extends QueueDatabaseTest {

    private UUID submit(String kind, int steps, long stepMillis) {
        return submissions().submit(kind, new StepJobHandler.Request(steps, stepMillis, "claims", null), null, "claims",
                null, null).job().id();
    }

    private static List<String> history(UUID id) {
        return JdbcClient.create(ds).sql("""
                select coalesce(from_state, '-') || '>' || to_state || ':' || coalesce(worker, '-')
                from jobs.job_state_history where job_id = ? order by id""").param(id).query(String.class).list();
    }

    @Test
    void oneStatementClaimsUpToTheFreeSlotsAndConcurrentClaimsNeverOverlap() throws Exception {
        JobStore store = new JobStore(ds, json);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(submit(i % 2 == 0 ? "batch-a" : "batch-b", 1, 0));
        }
        List<JobStore.ClaimedJob> first = store.claimBatch(List.of("batch-a", "batch-b"), "w1", Duration.ofSeconds(30),
                5, List.of());
        assertThat(first).hasSize(5);
        assertThat(first).extracting(JobStore.ClaimedJob::id).containsExactlyElementsOf(ids.subList(0, 5));
        assertThat(first).allMatch(j -> j.attempts() == 1 && j.state() == JobState.RUNNING);
        assertThat(history(ids.get(0))).containsExactly("->QUEUED:-", "QUEUED>RUNNING:w1");
        assertThat(new TrackingStore(ds).getRun(ids.get(0)).state()).isEqualTo("RUNNING");

        // Four workers race for the other 35: every job is claimed by exactly one of them.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<UUID>>> claims = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String worker = "racer-" + w;
            claims.add(pool.submit(() -> {
                List<UUID> mine = new ArrayList<>();
                while (true) {
                    var got = store.claimBatch(List.of("batch-a", "batch-b"), worker, Duration.ofSeconds(30), 3, List.of());
                    if (got.isEmpty()) {
                        return mine;
                    }
                    got.forEach(j -> mine.add(j.id()));
                }
            }));
        }
        List<UUID> all = new ArrayList<>();
        for (Future<List<UUID>> f : claims) {
            all.addAll(f.get());
        }
        pool.shutdown();
        assertThat(all).hasSize(35).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids.subList(5, 40));
        long runningRows = JdbcClient.create(ds).sql("""
                select count(*) from jobs.job_state_history h join jobs.job j on j.id = h.job_id
                where j.kind in ('batch-a', 'batch-b') and h.to_state = 'RUNNING'""").query(Long.class).single();
        assertThat(runningRows).isEqualTo(40);
    }

    @Test
    void theQueuedClaimCanUseThePartialIndex() throws Exception {
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            // Tiny tables favour a sequential scan; forbid it to see which index the claim would use.
            st.execute("set enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (var rs = st.executeQuery("""
                    explain select id from jobs.job where state = 'QUEUED' and kind = any(array['x'])
                    order by created_at limit 4""")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("job_queued_idx");
        }
    }

    @Test
    void aQueuedJobWakesTheWorkerThroughNotifyNotThePoll() {
        JobStore store = new JobStore(ds, json);
        // A fallback poll of ten minutes: only the NOTIFY can get this job claimed in time.
        JobWorker w = worker(store, new WorkerSettings("listener", Duration.ofSeconds(30),
                Duration.ofMillis(300), Duration.ofMinutes(10)), new StepJobHandler("notified", 2));
        w.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> w.status().listening() && w.status().lastSuccessAt() != null);
            UUID id = submit("notified", 1, 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> store.state(id) == JobState.SUCCEEDED);
        } finally {
            w.stop();
        }
    }

    @Test
    void failedClaimsGiveTheirSlotsBack() {
        AtomicInteger failures = new AtomicInteger();
        JobStore flaky = new JobStore(ds, json) {
            @Override
            public List<ClaimedJob> claimBatch(java.util.Collection<String> kinds, String worker, Duration lease,
                    int limit, java.util.Collection<UUID> exclude) {
                if (failures.incrementAndGet() <= 5) {
                    throw new DataAccessResourceFailureException("database restarting");
                }
                return super.claimBatch(kinds, worker, lease, limit, exclude);
            }
        };
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submit("leaky", 1, 0));
        }
        // One slot: had a failed claim kept it, nothing would ever run.
        JobWorker w = worker(flaky, new WorkerSettings("flaky", Duration.ofSeconds(30), Duration.ofMillis(300),
                Duration.ofMillis(20)), new StepJobHandler("leaky", 1));
        w.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> flaky.state(id) == JobState.SUCCEEDED));
            assertThat(failures.get()).isGreaterThan(5);
            assertThat(w.status().lastError()).isNull();
        } finally {
            w.stop();
        }
    }

    @Test
    void anExpiredLeaseOfAJobStillRunningHereIsRenewedNotClaimedAgain() throws Exception {
        JobStore store = new JobStore(ds, json);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        StepJobHandler blocking = new StepJobHandler("renewed", 4) {
            @Override
            public Object run(Request r, JobContext ctx) throws Exception {
                runs.incrementAndGet();
                release.await();
                ctx.progress(1, "done");
                return Map.of("ok", true);
            }
        };
        UUID id = submit("renewed", 1, 0);
        JobWorker w = worker(store, new WorkerSettings("renewer", Duration.ofSeconds(30), Duration.ofMillis(200),
                Duration.ofMillis(20)), blocking);
        w.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() == 1);
            // As after a database outage longer than the lease: the row says the lease ran out.
            JdbcClient.create(ds).sql("update jobs.job set lease_expires_at = now() - interval '1 minute' where id = ?")
                    .param(id).update();
            await().atMost(Duration.ofSeconds(30)).until(() -> JdbcClient.create(ds)
                    .sql("select lease_expires_at > now() from jobs.job where id = ?").param(id).query(Boolean.class).single());
            Thread.sleep(300); // several polls: none may claim the job this worker still runs
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.state(id) == JobState.SUCCEEDED);
        } finally {
            w.stop();
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(store.get(id, "renewed").attempts()).isEqualTo(1);
        assertThat(history(id)).containsExactly("->QUEUED:-", "QUEUED>RUNNING:renewer", "RUNNING>SUCCEEDED:renewer");
    }

    @Test
    void anAttemptWhoseLeaseWasTakenCannotWriteOrCompleteTheJob() throws Exception {
        JobStore store = new JobStore(ds, json);
        CountDownLatch taken = new CountDownLatch(1);
        List<Throwable> seenByOldAttempt = new ArrayList<>();
        StepJobHandler slow = new StepJobHandler("fenced", 1) {
            @Override
            public Object run(Request r, JobContext ctx) throws Exception {
                taken.await();
                try {
                    ctx.progress(0.5, "still here?");
                } catch (LeaseLostException e) {
                    seenByOldAttempt.add(e);
                }
                return Map.of("by", "old attempt");
            }
        };
        UUID id = submit("fenced", 1, 0);
        // This worker's heartbeat never comes round: its lease runs out as if its database link were down.
        JobWorker old = worker(store, new WorkerSettings("old", Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofMillis(20)), slow);
        old.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.state(id) == JobState.RUNNING);
            await().atMost(Duration.ofSeconds(30)).until(() -> JdbcClient.create(ds)
                    .sql("select lease_expires_at < now() from jobs.job where id = ?").param(id).query(Boolean.class).single());
            List<JobStore.ClaimedJob> stolen = store.claimBatch(List.of("fenced"), "new", Duration.ofSeconds(30), 1, List.of());
            assertThat(stolen).extracting(JobStore.ClaimedJob::id).containsExactly(id);
            assertThat(stolen.get(0).attempts()).isEqualTo(2);
            taken.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> old.runningJobs() == 0);
            assertThat(seenByOldAttempt).hasSize(1);
            assertThat(store.state(id)).isEqualTo(JobState.RUNNING);
            assertThat(store.complete(stolen.get(0).lease("new"), JobState.SUCCEEDED, "completed",
                    json.readTree("{\"by\":\"new attempt\"}"), null)).isTrue();
        } finally {
            old.stop();
        }
        JobView view = store.get(id, "fenced");
        assertThat(view.result().get("by").asString()).isEqualTo("new attempt");
        assertThat(history(id)).containsExactly("->QUEUED:-", "QUEUED>RUNNING:old", "RUNNING>RUNNING:new",
                "RUNNING>SUCCEEDED:new");
        // The old attempt's own lease is worthless now, even for the same worker name.
        assertThatThrownBy(() -> store.progress(new JobStore.Lease(id, "new", 1), 0.1, "stale", null))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void slotsComeFromConfigurationButTheGradientGroupStaysAtOne() {
        StepJobHandler cheap = new StepJobHandler("cheap", 2);
        assertThat(JobWorker.slotsFor("cheap", List.of(cheap), Map.of())).isEqualTo(2);
        assertThat(JobWorker.slotsFor("cheap", List.of(cheap), Map.of("cheap", 8))).isEqualTo(8);
        StepJobHandler gradient = new StepJobHandler("train", JobHandler.DJL_GRADIENT, 1);
        assertThat(JobWorker.slotsFor(JobHandler.DJL_GRADIENT, List.of(gradient), Map.of())).isEqualTo(1);
        assertThatThrownBy(() -> JobWorker.slotsFor(JobHandler.DJL_GRADIENT, List.of(gradient),
                Map.of(JobHandler.DJL_GRADIENT, 2))).hasMessageContaining("one gradient collector per JVM");
        assertThatThrownBy(() -> JobWorker.slotsFor("cheap", List.of(cheap), Map.of("cheap", 0)))
                .hasMessageContaining("at least 1");
    }

    @Test
    void progressIsWrittenAtMostOnceASecondAndTheHeartbeatWritesTheLatest() throws Exception {
        JobStore store = new JobStore(ds, json);
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        StepJobHandler steps = new StepJobHandler("coalesced", 1) {
            @Override
            public Object run(Request r, JobContext ctx) throws Exception {
                ctx.progress(0.2, "first");
                ctx.progress(0.5, "second");
                ctx.progress(0.7, "third");
                reported.countDown();
                finish.await();
                return Map.of();
            }
        };
        UUID id = submit("coalesced", 1, 0);
        JobWorker w = worker(store, new WorkerSettings("coalescer", Duration.ofSeconds(30),
                Duration.ofMillis(300), Duration.ofMillis(20)), steps);
        w.start();
        try {
            reported.await();
            // The first report is written at once; the two within the same second wait for the heartbeat,
            // which writes only the latest of them.
            assertThat(store.get(id, "coalesced").currentStep()).isIn("first", "third");
            await().atMost(Duration.ofSeconds(10)).until(() -> "third".equals(store.get(id, "coalesced").currentStep()));
            assertThat(store.get(id, "coalesced").progress()).isEqualTo(0.7);
            finish.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.state(id) == JobState.SUCCEEDED);
        } finally {
            finish.countDown();
            w.stop();
        }
        assertThat(store.get(id, "coalesced").progress()).isEqualTo(1.0);
    }
}
