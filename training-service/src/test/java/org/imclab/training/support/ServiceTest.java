package org.imclab.training.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.training.TrainingServiceApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
@AutoConfigureMockMvc
public abstract class ServiceTest {

    public static final Path HOME = home();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        TestDatabase.register(r);
        r.add("imclab.home", HOME::toString);
    }

    @Autowired
    protected MockMvc mvc;

    protected final JsonMapper json = JsonMapper.builder().build();

    protected JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    private static Path home() {
        try {
            return Files.createTempDirectory("imclab-training-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
