package org.imclab.common.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker in its own JVM, so a test can kill it with SIGKILL (no shutdown hook, no lease release)
 * the way a crashed replica dies. Args: jdbcUrl user password kind cacheDir.
 */
public final class WorkerProcessMain {

    private WorkerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        JobWorker worker = worker(args, "child-worker", Duration.ofSeconds(2), new StepJobHandler(args[3], 1));
        worker.start();
        System.out.println("worker started");
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A worker on the database the args name (jdbcUrl user password kind cacheDir), not started yet. */
    static JobWorker worker(String[] args, String workerId, Duration lease, JobHandler<?> handler) throws Exception {
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(args[0]);
        ds.setUser(args[1]);
        ds.setPassword(args[2]);
        JsonMapper json = JsonMapper.builder().build();
        return new JobWorker(new JobStore(ds, json), new TrackingStore(ds),
                new ArtifactStore(ds, Files.createDirectories(Path.of(args[4])), 1024), json,
                new WorkerSettings(workerId, lease, Duration.ofMillis(500), Duration.ofMillis(200)), List.of(handler));
    }

    static String[] args(String url, String kind, Path cache) {
        TestDatabase.Server s = TestDatabase.server();
        return new String[] {url, s.user(), s.password(), kind, cache.toString()};
    }
}
