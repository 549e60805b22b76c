package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.jobs.JobSubmissions.Submission;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.StatementCountingDataSource;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.Caller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A submission is one transaction: the job, its first history row, its run, params and tags commit
 * together or not at all, on real PostgreSQL. Each test uses its own experiment and job kind.
 */
class SubmissionTransactionTest {

    static DataSource ds;
    static JdbcClient jdbc;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void database() {
        ds = TestDatabase.freshDataSource();
        SharedSchemas.migrate(ds);
        jdbc = JdbcClient.create(ds);
    }

    private static JobSubmissions submissions(TrackingStore tracking) {
        return new JobSubmissions(new JobStore(ds, json), tracking, json, "test");
    }

    private static StepJobHandler.Request request(String experiment) {
        return new StepJobHandler.Request(3, 0, experiment, null);
    }

    @Test
    void twoConcurrentSubmissionsWithOneKeyMakeOneJobAndNoOrphanRun() throws Exception {
        String experiment = "race";
        long experimentId = new TrackingStore(ds).experimentId(experiment);
        Callable<Submission> submit = () -> submissions(new TrackingStore(ds))
                .submit("race", request(experiment), "race-key", experiment, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection blocker = ds.getConnection(); Statement st = blocker.createStatement()) {
            // Holding the experiment row stops the first submission at its run insert (the run trigger counts
            // runs on that row), after its job row is written but before it commits. The second submission
            // then finds no job for the key, inserts its own and waits on the first one's key: the race.
            blocker.setAutoCommit(false);
            st.execute("select id from tracking.experiment where id = " + experimentId + " for update");
            Future<Submission> first = pool.submit(submit);
            awaitBackendsWaitingOnLocks(1);
            Future<Submission> second = pool.submit(submit);
            awaitBackendsWaitingOnLocks(2);
            blocker.commit();

            Submission a = first.get();
            Submission b = second.get();
            assertThat(b.job().id()).isEqualTo(a.job().id());
            assertThat(List.of(a.created(), b.created())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select id from jobs.job where kind = 'race'").query(UUID.class).list()).hasSize(1);
        UUID job = jdbc.sql("select id from jobs.job where kind = 'race'").query(UUID.class).single();
        // One run, the job's own, still QUEUED: the loser's run was rolled back with its job, not patched.
        assertThat(jdbc.sql("select id || ':' || state from tracking.run where experiment_id = ?").param(experimentId)
                .query(String.class).list()).containsExactly(job + ":QUEUED");
        assertThat(jdbc.sql("select run_count from tracking.experiment where id = ?").param(experimentId)
                .query(Long.class).single()).isEqualTo(1L);
        assertThat(jdbc.sql("select count(*) from jobs.job_state_history where job_id = ?").param(job)
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void aSubmissionWhoseRunFailsLeavesNoJob() {
        TrackingStore failing = new TrackingStore(ds) {
            @Override
            public void createRun(UUID runId, String experiment, String kind, String service, String name, String state,
                    Map<String, String> params, Map<String, String> tags, Caller owner) {
                super.createRun(runId, experiment, kind, service, name, state, params, tags, owner);
                throw new IllegalStateException("tracking is unavailable");
            }
        };
        assertThatThrownBy(() -> submissions(failing).submit("atomic", request("atomic"), "atomic-key", "atomic", null, null))
                .hasMessageContaining("tracking is unavailable");
        assertThat(jdbc.sql("select count(*) from jobs.job where kind = 'atomic'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from tracking.run where kind = 'atomic'").query(Long.class).single()).isZero();
        // Nothing was left to replay: the same key submits afresh.
        Submission retry = submissions(new TrackingStore(ds)).submit("atomic", request("atomic"), "atomic-key", "atomic",
                null, null);
        assertThat(retry.created()).isTrue();
        assertThat(new TrackingStore(ds).getRun(retry.job().id()).state()).isEqualTo("QUEUED");
    }

    @Test
    void aSubmissionWritesJobRunParamsAndTagsInFourStatements() {
        StatementCountingDataSource counting = new StatementCountingDataSource(ds);
        JobSubmissions submissions = new JobSubmissions(new JobStore(counting, json), new TrackingStore(counting), json,
                "test");
        submissions.submit("counted", request("counted"), "counted-warm-up", "counted", null, null);
        counting.reset();
        Submission s = submissions.submit("counted", request("counted"), "counted-key", "counted", null, "named");
        // Idempotency lookup, job + history, experiment lookup, run + params + tags.
        assertThat(counting.statements()).isEqualTo(4);
        assertThat(s.job().state()).isEqualTo(JobState.QUEUED);
        assertThat(s.job().history()).extracting(JobView.Transition::reason).containsExactly("submitted");
        var run = new TrackingStore(ds).getRun(s.job().id());
        assertThat(run.name()).isEqualTo("named");
        assertThat(run.params()).containsEntry("steps", "3").containsEntry("experiment", "counted");
        assertThat(run.tags()).isNotEmpty();
        assertThat(submissions.submit("counted", request("counted"), "counted-key", "counted", null, "named").created())
                .isFalse();
    }

    private static void awaitBackendsWaitingOnLocks(int n) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql("""
                select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'""")
                .query(Long.class).single() >= n);
    }
}
