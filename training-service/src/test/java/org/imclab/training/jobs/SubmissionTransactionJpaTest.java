package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobSubmissions.Submission;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * In a service with JPA the application's transaction manager is a JpaTransactionManager, and a
 * submission's JDBC writes must still be one transaction in it: the job is invisible until its run
 * commits with it (a nested JDBC transaction manager would commit the job on its own, early).
 */
class SubmissionTransactionJpaTest extends ServiceTest {

    @Autowired
    JobSubmissions submissions;

    @Autowired
    TrackingStore tracking;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theJobCommitsOnlyWithItsRun() throws Exception {
        assertThat(transactions).isInstanceOf(JpaTransactionManager.class);
        long experiment = tracking.experimentId("jpa-atomic");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection blocker = dataSource.getConnection(); Statement st = blocker.createStatement()) {
            // The held experiment row stops the submission at its run insert, after the job row is written.
            blocker.setAutoCommit(false);
            st.execute("select id from tracking.experiment where id = " + experiment + " for update");
            Future<Submission> submitted = pool.submit(() -> submissions.submit("jpa-atomic-kind", Map.of("steps", 1),
                    null, "jpa-atomic", null, null));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'""")
                    .query(Long.class).single() >= 1);
            assertThat(jdbc.sql("select count(*) from jobs.job where kind = 'jpa-atomic-kind'").query(Long.class).single())
                    .as("no job is visible before its run commits").isZero();
            blocker.commit();
            Submission s = submitted.get();
            assertThat(s.created()).isTrue();
            assertThat(tracking.getRun(s.job().id()).state()).isEqualTo("QUEUED");
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from jobs.job where kind = 'jpa-atomic-kind'").query(Long.class).single())
                .isEqualTo(1L);
    }
}
