package org.imclab.common.jobs;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tests of the queue without Spring: each test class gets a fresh database of the test server with the shared
 * schemas, and builds its submissions and workers on it as a service's configuration would.
 */
abstract class QueueDatabaseTest {

    static String url;
    static DataSource ds;
    static final JsonMapper json = JsonMapper.builder().build();
    @TempDir
    static Path cache;

    @BeforeAll
    static void database() {
        url = TestDatabase.freshDatabaseUrl();
        ds = TestDatabase.dataSource(url);
        SharedSchemas.migrate(ds);
    }

    static JobSubmissions submissions() {
        return new JobSubmissions(new JobStore(ds, json), new TrackingStore(ds), json, "test");
    }

    static JobWorker worker(WorkerSettings settings, JobHandler<?>... handlers) {
        return worker(new JobStore(ds, json), settings, handlers);
    }

    /** A worker on {@code store}: a test may pass one that fails on purpose. */
    static JobWorker worker(JobStore store, WorkerSettings settings, JobHandler<?>... handlers) {
        return new JobWorker(store, new TrackingStore(ds), new ArtifactStore(ds, cache, 1024), json, settings,
                List.of(handlers));
    }
}
