package org.imclab.training.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecWeights;
import org.imclab.training.models.ModelRegistry.RegisterRequest;
import org.imclab.training.models.ModelRegistry.Registration;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registration of one job's model is idempotent under concurrency: the unique (owner, source_job_id) key
 * decides, not the lookup that both racing registrations pass.
 */
class ModelRegistrationRaceTest extends ServiceTest {

    @Autowired
    ModelRegistry models;

    @Autowired
    ArtifactStore artifacts;

    @Autowired
    ModelLoader loader;

    @Autowired
    DataSource dataSource;

    private final ModelSpec mlp = ModelZoo.mlp(new int[] {1, 4, 4}, new int[] {8}, 3);

    @Test
    void twoConcurrentRegistrationsOfOneJobMakeOneModel() throws Exception {
        String sha;
        try (LoadedModel m = loader.fresh(mlp, ModelVersion.STANDARD, 3)) {
            sha = artifacts.putBytes(SpecWeights.toBytes(m.block()), "application/octet-stream").sha256();
        }
        String job = "7c0e2f61-0000-4000-8000-00000000race";
        RegisterRequest request = new RegisterRequest("raced-mlp", "standard", mlp, sha, Map.of("test_acc", 0.5),
                Map.of("jobId", job, "source", "pruning"));
        Callable<Registration> register = () -> models.register(request);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection blocker = dataSource.getConnection(); Statement st = blocker.createStatement()) {
            // SHARE mode blocks inserts, not reads: both registrations look the job up, find nothing, and wait
            // at their insert until the lock goes, so both reach the insert believing they are first.
            blocker.setAutoCommit(false);
            st.execute("lock table training.model in share mode");
            Future<Registration> a = pool.submit(register);
            Future<Registration> b = pool.submit(register);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into training.model%'""")
                    .query(Long.class).single() == 2);
            blocker.commit();

            Registration first = a.get();
            Registration second = b.get();
            assertThat(second.model().id()).isEqualTo(first.model().id());
            assertThat(List.of(first.created(), second.created())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from training.model where lineage ->> 'jobId' = ?").param(job)
                .query(Long.class).single()).isEqualTo(1L);
        assertThat(jdbc.sql("select version from training.model where source_job_id = ?").param(job)
                .query(Integer.class).list()).containsExactly(1);
    }
}
