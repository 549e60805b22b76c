package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.JobState;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobView;
import org.imclab.common.jobs.JobWorker;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.training.datasets.SplitOptions;
import org.imclab.training.models.ModelChoice;
import org.imclab.training.models.ModelLoader;
import org.imclab.training.models.ModelRegistry;
import org.imclab.training.support.MnistSubset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training worker process is SIGKILLed after its first epoch checkpoint; another worker resumes the job
 * from that checkpoint. The run's metric history then has every epoch exactly once.
 */
class WorkerCrashTest {

    @TempDir
    Path tmp;

    @Test
    void killedTrainingWorkerIsResumedFromTheLastEpochCheckpoint() throws Exception {
        String url = TestDatabase.freshDatabaseUrl();
        DataSource ds = TestDatabase.dataSource(url);
        SharedSchemas.migrate(ds);
        Flyway.configure().dataSource(ds).schemas("training").createSchemas(true).locations("classpath:db/training")
                .load().migrate();
        JsonMapper json = JsonMapper.builder().build();
        DatasetService datasets = DatasetService.standalone(ds, new ArtifactStore(ds, tmp.resolve("setup"), 1 << 20),
                json);
        DatasetVersion data = datasets.importImages("mnist-crash", "upload:idx", MnistSubset.train(),
                MnistSubset.test(), SplitOptions.of(1L, 0.1, null)).version();
        int epochs = 5;
        TrainingRequest request = new TrainingRequest(data.id(), null, null, new ModelChoice("lenet5", null, null),
                null, null, "adam", 0.002, null, null, null, null, null, null, epochs, 32, null, null, null, 5L, 1,
                "crash", null, null, null);
        ArtifactStore artifacts = new ArtifactStore(ds, tmp.resolve("setup"), 1 << 20);
        TrainingPlanner planner = new TrainingPlanner(datasets, ModelRegistry.standalone(ds, artifacts, json,
                new ModelLoader(artifacts, List.of())));
        UUID id = new JobSubmissions(new JobStore(ds, json), new TrackingStore(ds), json, "training")
                .submit(TrainingJobHandler.KIND, request, planner.jobPlan(request), null, "crash", null, null).job().id();
        JobStore store = new JobStore(ds, json);

        TestDatabase.Server server = TestDatabase.server();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                TrainingWorkerMain.class.getName(), url, server.user(), server.password(),
                tmp.resolve("child-cache").toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> store.checkpoint(id)
                    .map(c -> c.meta().get("epoch").asInt() >= 1).orElse(false) || !child.isAlive());
            assertThat(child.isAlive()).as("child worker log: %s", tmp.resolve("child.log")).isTrue();
        } finally {
            // SIGKILL: no shutdown hook, the lease is not released, as when a machine dies.
            child.destroyForcibly().waitFor();
        }
        int epochAtKill = store.checkpoint(id).orElseThrow().meta().get("epoch").asInt();
        assertThat(epochAtKill).isBetween(1, epochs - 1);
        assertThat(store.state(id)).isEqualTo(JobState.RUNNING);

        JobWorker survivor = TrainingWorkerMain.worker(ds, tmp.resolve("survivor-cache"), "survivor",
                Duration.ofSeconds(2));
        survivor.start();
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> store.state(id).isTerminal());
        } finally {
            survivor.stop();
        }
        JobView view = store.get(id, TrainingJobHandler.KIND);
        assertThat(view.state()).as(view.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(view.attempts()).isEqualTo(2);
        assertThat(view.history()).extracting(JobView.Transition::worker).contains("child-worker", "survivor");
        assertThat(view.result().get("resumedFrom").asInt()).isGreaterThanOrEqualTo(epochAtKill);
        assertThat(view.result().get("epochs").asInt()).isEqualTo(epochs);

        TrackingStore tracking = new TrackingStore(ds);
        for (String key : List.of("train_loss", "val_acc", "lr", "samples_per_sec")) {
            List<MetricPoint> history = tracking.metricHistory(id, key);
            assertThat(history).as(key).extracting(MetricPoint::step).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        List<MetricPoint> loss = tracking.metricHistory(id, "train_loss");
        assertThat(loss.get(epochs - 1).value()).isLessThan(loss.get(0).value());
        long models = JdbcClient.create(ds).sql("select count(*) from training.model where lineage ->> 'jobId' = ?")
                .param(id.toString()).query(Long.class).single();
        assertThat(models).isEqualTo(1);
        assertThat(view.result().get("testAccuracy").asDouble()).isGreaterThan(0.85);
    }
}
