package org.imclab.training.web;

import org.imclab.common.testsupport.HttpDatabaseTest;
import org.imclab.training.TrainingServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a random port over real HTTP, against a real PostgreSQL, workers off (accepted jobs just
 * queue). ApiFuzzTest and OpenApiSpecTest extend it, so they share one application context.
 */
@SpringBootTest(classes = TrainingServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false",
                // Built-in imports need a fetch tool only when a worker runs them; any existing command will do.
                "imclab.datasets.npm-command=true", "imclab.datasets.apt-get-command=true",
                "imclab.datasets.dpkg-deb-command=true"})
abstract class ServiceHttpTestBase extends HttpDatabaseTest {

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry r) {
        r.add("imclab.home", () -> {
            try {
                return java.nio.file.Files.createTempDirectory("imclab-fuzz").toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
