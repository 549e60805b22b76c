package org.imclab.common.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What lets tracking reads stay cheap as runs pile up, checked for correctness: a page costs a fixed
 * number of statements, the latest-metric table agrees with the metric history under concurrent
 * writers, and the experiment counters agree with the runs.
 */
class TrackingStoreScaleTest {

    private static final Caller ALICE = new Caller("key:alice", Caller.Scope.SUBMIT, null);
    private static final Caller BOB = new Caller("key:bob", Caller.Scope.SUBMIT, null);

    private StatementCountingDataSource ds;
    private TrackingStore tracking;
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        DataSource plain = TestDatabase.freshDataSource();
        SharedSchemas.migrate(plain);
        ds = new StatementCountingDataSource(plain);
        tracking = new TrackingStore(ds);
        jdbc = JdbcClient.create(plain);
    }

    @Test
    void aPageOfAHundredRunsCostsAtMostSixStatements() {
        for (int i = 0; i < 120; i++) {
            UUID run = UUID.randomUUID();
            tracking.createRun(run, "paged", "training", "training", "r" + i, "SUCCEEDED",
                    Map.of("lr", "0.1", "i", String.valueOf(i)), Map.of("t", "x"), ALICE);
            tracking.logMetrics(run, 1, Map.of("acc", 0.5 + i / 1000.0, "loss", 1.0));
        }
        ds.reset();
        Page<RunSummary> page = tracking.searchRuns(new RunQuery("paged", "training", "SUCCEEDED", Map.of("lr", "0.1"),
                List.of(new RunQuery.MetricFilter("acc", ">=", 0.5)), 100, null), ALICE);
        assertThat(ds.statements()).isLessThanOrEqualTo(6);
        assertThat(page.items()).hasSize(100);
        assertThat(page.nextPageToken()).isNotNull();
        assertThat(page.items()).allSatisfy(r -> {
            assertThat(r.params()).containsEntry("lr", "0.1").hasSize(2);
            assertThat(r.tags()).containsEntry("t", "x");
            assertThat(r.metrics()).containsOnlyKeys("acc", "loss");
        });
        assertThat(page.items().get(0).name()).isEqualTo("r119");
        assertThat(page.items().get(0).metrics().get("acc")).isEqualTo(0.619);
    }

    @Test
    void latestMetricHoldsTheHighestStepUnderConcurrentWriters() throws Exception {
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID run = UUID.randomUUID();
            tracking.createRun(run, "concurrent", "training", "training", "c" + i, "RUNNING", Map.of(), Map.of());
            runs.add(run);
        }
        // Steps of every run arrive out of order from 8 writers, some re-logging a step with a new value.
        List<Runnable> writes = new ArrayList<>();
        for (UUID run : runs) {
            for (int step = 0; step < 60; step++) {
                long s = step;
                writes.add(() -> tracking.logMetrics(run, s, Map.of("loss", 1.0 / (s + 1), "acc", s / 100.0)));
                if (step % 7 == 0) {
                    writes.add(() -> tracking.logMetrics(run, s, Map.of("loss", 2.0 / (s + 1))));
                }
            }
        }
        Collections.shuffle(writes, new java.util.Random(42));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        writes.forEach(w -> done.add(pool.submit(w)));
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long disagreements = jdbc.sql("""
                select count(*) from (select distinct on (run_id, key) run_id, key, step, value from tracking.metric
                                      order by run_id, key, step desc) h
                full join tracking.latest_metric l on l.run_id = h.run_id and l.key = h.key
                where l.run_id is null or h.run_id is null or l.step <> h.step or l.value <> h.value""")
                .query(Long.class).single();
        assertThat(disagreements).isZero();
        assertThat(jdbc.sql("select count(*) from tracking.latest_metric").query(Long.class).single()).isEqualTo(8);
        assertThat(tracking.getRun(runs.get(0)).metrics()).containsEntry("acc", 0.59).containsEntry("loss", 1.0 / 60);
    }

    @Test
    void filterRowsCarryTheirRunsCreationTimeAndExperiment() {
        // Params are written with the run (values passed explicitly); latest metrics by V5's trigger, filled in
        // by V10's trigger. Both must match the run, or the experiment-scoped search would miss them.
        UUID run = UUID.randomUUID();
        tracking.createRun(run, "scoped", "training", "training", "s", "RUNNING", Map.of("lr", "0.1"), Map.of());
        tracking.logMetrics(run, 1, Map.of("acc", 0.5));
        for (String table : List.of("tracking.param", "tracking.latest_metric")) {
            assertThat(jdbc.sql("select count(*) from " + table + " f join tracking.run r on r.id = f.run_id"
                    + " where f.run_id = ? and f.experiment_id = r.experiment_id and f.run_created_at = r.created_at")
                    .param(run).query(Long.class).single()).as(table).isEqualTo(1L);
        }
    }

    @Test
    void reloggingAnOlderStepLeavesTheLatestValue() {
        UUID run = UUID.randomUUID();
        tracking.createRun(run, "relog", "training", "training", "r", "RUNNING", Map.of(), Map.of());
        tracking.logMetrics(run, 5, Map.of("acc", 0.8));
        tracking.logMetrics(run, 3, Map.of("acc", 0.1));
        assertThat(tracking.getRun(run).metrics()).containsEntry("acc", 0.8);
        tracking.logMetrics(run, 5, Map.of("acc", 0.85));
        assertThat(tracking.getRun(run).metrics()).containsEntry("acc", 0.85);
    }

    @Test
    void experimentCountersFollowRunsAndTheirStates() {
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID b1 = UUID.randomUUID();
        tracking.createRun(a1, "counted", "training", "training", "a1", "QUEUED", Map.of(), Map.of(), ALICE);
        tracking.createRun(a2, "counted", "training", "training", "a2", "QUEUED", Map.of(), Map.of(), ALICE);
        tracking.createRun(b1, "counted", "training", "training", "b1", "QUEUED", Map.of(), Map.of(), BOB);
        tracking.createRun(UUID.randomUUID(), "other", "training", "training", "o", "QUEUED", Map.of(), Map.of(), BOB);

        ExperimentView admin = tracking.experiment("counted", Caller.SYSTEM);
        assertThat(admin.runCount()).isEqualTo(3);
        assertThat(admin.runsByState()).isEqualTo(Map.of("QUEUED", 3L));
        Object lastCreated = jdbc.sql("select max(r.created_at) from tracking.run r join tracking.experiment e"
                + " on e.id = r.experiment_id where e.name = 'counted'").query(java.sql.Timestamp.class).single().toInstant();
        assertThat(admin.lastRunAt()).isEqualTo(lastCreated);

        tracking.setRunState(a1, "RUNNING");
        tracking.setRunState(a1, "SUCCEEDED");
        tracking.setRunState(b1, "RUNNING");
        tracking.setRunState(b1, "RUNNING");
        assertThat(tracking.experiment("counted", Caller.SYSTEM).runsByState())
                .isEqualTo(Map.of("QUEUED", 1L, "RUNNING", 1L, "SUCCEEDED", 1L));
        assertThat(tracking.experiment("counted", Caller.SYSTEM).runCount()).isEqualTo(3);

        // Non-admins count only their visible runs, and see only experiments holding one.
        ExperimentView alice = tracking.experiment("counted", ALICE);
        assertThat(alice.runCount()).isEqualTo(2);
        assertThat(alice.runsByState()).isEqualTo(Map.of("QUEUED", 1L, "SUCCEEDED", 1L));
        assertThat(tracking.experiments(ALICE)).extracting(ExperimentView::name).containsExactly("counted");
        assertThat(tracking.experiments(BOB)).extracting(ExperimentView::name).containsExactly("other", "counted");
        assertThat(tracking.experiments(Caller.SYSTEM)).extracting(ExperimentView::name, ExperimentView::runCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("other", 1L), org.assertj.core.groups.Tuple.tuple("counted", 3L));

        // The counters agree with a recount of the runs.
        Map<String, Long> recount = new LinkedHashMap<>();
        jdbc.sql("select state, count(*) from tracking.run r join tracking.experiment e on e.id = r.experiment_id"
                + " where e.name = 'counted' group by state").query(rs -> {
                    recount.put(rs.getString(1), rs.getLong(2));
                });
        assertThat(tracking.experiment("counted", Caller.SYSTEM).runsByState()).isEqualTo(recount);

        jdbc.sql("delete from tracking.run where id = ?").param(a2).update();
        assertThat(tracking.experiment("counted", Caller.SYSTEM).runsByState())
                .isEqualTo(Map.of("RUNNING", 1L, "SUCCEEDED", 1L));
        assertThat(tracking.experiment("counted", Caller.SYSTEM).runCount()).isEqualTo(2);
    }

    @Test
    void visibleCountersAgreeWithARecountOfTheRunsACallerMaySee() {
        Caller carolInLab = new Caller("key:carol", Caller.Scope.SUBMIT, "lab");
        Caller daveInLab = new Caller("key:dave", Caller.Scope.SUBMIT, "lab");
        UUID alicesOld = UUID.randomUUID();
        tracking.createRun(alicesOld, "shared", "training", "training", "a", "QUEUED", Map.of(), Map.of(), ALICE);
        UUID carols = UUID.randomUUID();
        tracking.createRun(carols, "shared", "training", "training", "c", "QUEUED", Map.of(), Map.of(), carolInLab);
        UUID daves = UUID.randomUUID();
        tracking.createRun(daves, "shared", "pruning", "pruning", "d", "QUEUED", Map.of(), Map.of(), daveInLab);
        tracking.createRun(UUID.randomUUID(), "dave-only", "training", "training", "d2", "QUEUED", Map.of(), Map.of(), daveInLab);
        UUID alicesNew = UUID.randomUUID();
        tracking.createRun(alicesNew, "shared", "training", "training", "a2", "QUEUED", Map.of(), Map.of(), ALICE);
        tracking.setRunState(carols, "RUNNING");
        tracking.setRunState(daves, "FAILED");

        // Carol sees her runs and the lab's (Dave's), never Alice's.
        ExperimentView carol = tracking.experiment("shared", carolInLab);
        assertThat(carol.runCount()).isEqualTo(2);
        assertThat(carol.runsByState()).isEqualTo(Map.of("RUNNING", 1L, "FAILED", 1L));
        assertThat(tracking.experiments(carolInLab)).extracting(ExperimentView::name)
                .containsExactlyInAnyOrder("shared", "dave-only");
        assertThat(tracking.experiment("shared", ALICE).runsByState()).isEqualTo(Map.of("QUEUED", 2L));

        // Deleting Alice's newest run leaves her count and her last-run time as a recount gives them.
        jdbc.sql("delete from tracking.run where id = ?").param(alicesNew).update();
        ExperimentView alice = tracking.experiment("shared", ALICE);
        assertThat(alice.runCount()).isEqualTo(1);
        Object alicesLast = jdbc.sql("select created_at from tracking.run where id = ?").param(alicesOld)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(alice.lastRunAt()).isEqualTo(alicesLast);

        // Every counter row with runs agrees with a group-by over the runs themselves.
        String recount = "select experiment_id, owner, coalesce(project, '') as project, state, count(*) as runs, max(created_at) as last_run_at"
                + " from tracking.run group by 1, 2, 3, 4 order by 1, 2, 3, 4";
        String counters = "select experiment_id, owner, project, state, runs, last_run_at"
                + " from tracking.experiment_visible_count where runs > 0 order by 1, 2, 3, 4";
        assertThat(jdbc.sql(counters).query().listOfRows()).isEqualTo(jdbc.sql(recount).query().listOfRows());
    }

    @Test
    void concurrentStateChangesInOneExperimentKeepCountsExact() throws Exception {
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID run = UUID.randomUUID();
            tracking.createRun(run, "busy", "training", "training", "b" + i, "QUEUED", Map.of(), Map.of());
            runs.add(run);
        }
        // Half go forward, half are handed back and forth: opposite transitions must not deadlock.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            UUID run = runs.get(i);
            boolean forward = i % 2 == 0;
            done.add(pool.submit(() -> {
                tracking.setRunState(run, "RUNNING");
                tracking.setRunState(run, forward ? "SUCCEEDED" : "QUEUED");
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(tracking.experiment("busy", Caller.SYSTEM).runsByState())
                .isEqualTo(Map.of("QUEUED", 20L, "SUCCEEDED", 20L));
    }
}
