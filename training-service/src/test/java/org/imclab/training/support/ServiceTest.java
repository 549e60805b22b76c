package org.imclab.training.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.training.TrainingServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a real PostgreSQL with its job worker running. Every test class extending this
 * shares one application context (and database), so the JVM has a single worker: gradient jobs never
 * overlap.
 */
@SpringBootTest(classes = TrainingServiceApplication.class, properties = {
        "imclab.webhooks.enabled=false",
        "imclab.worker.poll=100ms",
        "imclab.worker.heartbeat=500ms",
        "imclab.datasets.max-upload-bytes=3000000",
        "imclab.datasets.npm-command=/nonexistent/npm",
        "server.port=0"})
public abstract class ServiceTest extends MockMvcDatabaseTest {

    public static final Path HOME = home();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("imclab.home", HOME::toString);
    }

    private static Path home() {
        try {
            return Files.createTempDirectory("imclab-training-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
