package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.testsupport.RestartableDatabase;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The postmaster is killed with jobs running and queued, and restarted on the same data directory and
 * port after several lease lengths. The same worker (no restart) finishes every job, each step exactly
 * once in the metrics, and its health goes DOWN during the outage and UP after.
 */
class DatabaseOutageTest {

    @TempDir
    Path cache;

    @Test
    void workerRecoversFromAKilledPostmasterWithoutRestart() throws Exception {
        try (RestartableDatabase db = TestDatabase.restartable(); HikariDataSource ds = pool(db)) {
            db.freshDatabaseUrl("outage");
            ds.setJdbcUrl(db.url("outage"));
            SharedSchemas.migrate(ds);
            JsonMapper json = JsonMapper.builder().build();
            JobStore store = new JobStore(ds, json);
            JobSubmissions submissions = new JobSubmissions(store, new TrackingStore(ds), json, "test");
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(submissions.submit("stepper", new StepJobHandler.Request(10, 300, "outage", null), null,
                        "outage", null, null).job().id());
            }
            for (int i = 0; i < 10; i++) {
                ids.add(submissions.submit("quick", new StepJobHandler.Request(1, 0, "outage", null), null, "outage",
                        null, null).job().id());
            }
            // Lease 2 s, outage over 10 s: every lease runs out while the database is away.
            JobWorker worker = new JobWorker(store, new TrackingStore(ds), new ArtifactStore(ds, cache, 1024), json,
                    new WorkerSettings("survivor", Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(500)),
                    List.of(new StepJobHandler("stepper", 2), new StepJobHandler("quick", "stepper", 1)));
            JobWorkerHealthIndicator health = new JobWorkerHealthIndicator(worker);
            worker.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> store.checkpoint(ids.get(0))
                        .map(c -> c.meta().get("step").asInt() >= 2).orElse(false));
                db.crash();
                await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().lastError() != null);
                assertThat(worker.status().listening()).isFalse();
                // Down for longer than the lease, and until the worker's own health says so.
                Thread.sleep(4_000);
                await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
                db.restart();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ids.stream().allMatch(id -> store.state(id) == JobState.SUCCEEDED));
                await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP)
                        && worker.status().listening());
            } finally {
                worker.stop();
            }
            TrackingStore tracking = new TrackingStore(ds);
            for (UUID id : ids.subList(0, 3)) {
                assertThat(tracking.metricHistory(id, "loss")).as("job %s: %s", id, store.get(id, "stepper").history())
                        .extracting(MetricPoint::step)
                        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            }
            long succeededTwice = JdbcClient.create(ds).sql("""
                    select count(*) from (select job_id from jobs.job_state_history where to_state = 'SUCCEEDED'
                                          group by job_id having count(*) > 1) d""").query(Long.class).single();
            assertThat(succeededTwice).isZero();
            assertThat(JdbcClient.create(ds).sql("select max(attempts) from jobs.job").query(Integer.class).single())
                    .isLessThanOrEqualTo(2);
        }
    }

    private static HikariDataSource pool(RestartableDatabase db) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.url("postgres"));
        ds.setUsername(db.server().user());
        ds.setPassword(db.server().password());
        ds.setMaximumPoolSize(8);
        // As in imclab-defaults.yml: fail fast while the database is down.
        ds.setConnectionTimeout(3000);
        ds.setValidationTimeout(1000);
        ds.addDataSourceProperty("connectTimeout", "3");
        ds.addDataSourceProperty("socketTimeout", "300");
        return ds;
    }
}
