package org.imclab.training.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.JobHandler;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobWorker;
import org.imclab.common.jobs.WorkerSettings;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.models.ModelLoader;
import org.imclab.training.models.ModelRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training worker in its own JVM, wired without Spring, so a test can SIGKILL it mid-training the way
 * a crashed replica dies. Args: jdbcUrl user password cacheDir.
 */
public final class TrainingWorkerMain {

    private TrainingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(args[0]);
        ds.setUser(args[1]);
        ds.setPassword(args[2]);
        JobWorker worker = worker(ds, Path.of(args[3]), "child-worker", Duration.ofSeconds(2));
        worker.start();
        System.out.println("training worker started");
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A plain JobWorker running only the training handler. */
    static JobWorker worker(DataSource ds, Path cache, String id, Duration lease) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ArtifactStore artifacts = new ArtifactStore(ds, Files.createDirectories(cache), 1 << 20);
        DatasetService datasets = DatasetService.standalone(ds, artifacts, json);
        ModelLoader loader = new ModelLoader(artifacts, List.of());
        ModelRegistry models = ModelRegistry.standalone(ds, artifacts, json, loader);
        JobHandler<?> handler = new TrainingJobHandler(datasets, models, loader);
        return new JobWorker(new JobStore(ds, json), new TrackingStore(ds), artifacts, json,
                new WorkerSettings(id, lease, Duration.ofMillis(500), Duration.ofMillis(200)), List.of(handler));
    }
}
