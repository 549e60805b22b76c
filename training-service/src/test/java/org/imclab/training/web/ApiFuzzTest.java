package org.imclab.training.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.common.testsupport.fuzz.FuzzReport;
import org.imclab.training.TrainingServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every operation of docs/openapi/training.json, fed malformed requests over real HTTP: not one may
 * get a 5xx, and every 4xx must be problem+json. Workers are off, so accepted jobs just queue.
 */
@SpringBootTest(classes = TrainingServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false",
                // Built-in imports need a fetch tool only when a worker runs them; any existing command will do.
                "imclab.datasets.npm-command=true", "imclab.datasets.apt-get-command=true",
                "imclab.datasets.dpkg-deb-command=true"})
class ApiFuzzTest {

    @DynamicPropertySource
    static void db(DynamicPropertyRegistry r) {
        TestDatabase.register(r);
        r.add("imclab.home", () -> {
            try {
                return java.nio.file.Files.createTempDirectory("imclab-fuzz").toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    @Test
    void malformedRequestsGetProblemJsonAndNeverA5xx() throws Exception {
        FuzzReport report = ApiFuzzing.fuzz("training", port, env);

        assertThat(report.total()).isGreaterThan(1500);
        assertThat(report.violations()).isEmpty();
    }
}
