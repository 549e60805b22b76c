package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import org.imclab.common.testsupport.RestartableDatabase;
import org.imclab.common.testsupport.TestDatabase;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With PostgreSQL killed, requests that need it answer 503 problem+json with Retry-After within the
 * pool's connection timeout (not a 500 after 30 s), and health reports the db and the job worker DOWN;
 * after the restart the same context serves again.
 */
@SpringBootTest(classes = SampleApplication.class, properties = {"imclab.service=sample",
        "spring.config.import=classpath:imclab-defaults.yml",
        "imclab.worker.poll=200ms", "imclab.worker.heartbeat=300ms",
        "management.endpoint.health.show-components=always"})
@AutoConfigureMockMvc
class DatabaseUnavailableApiTest {

    static final RestartableDatabase db = TestDatabase.restartable();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry r) {
        String url = db.freshDatabaseUrl("unavailable");
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> db.server().user());
        r.add("spring.datasource.password", () -> db.server().password());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Autowired
    MockMvc mvc;
    final JsonMapper json = JsonMapper.builder().build();

    private JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    @Test
    void outageAnswers503WithRetryAfterAndHealthFollowsTheDatabase() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"steps\":2,\"mode\":\"FAST\",\"message\":\"before\"}")).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(202);
        String id = body(created).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> body(mvc.perform(get("/actuator/health")).andReturn())
                .path("components").path("jobWorker").path("status").asString().equals("UP"));

        db.crash();
        try {
            Instant start = Instant.now();
            MvcResult read = mvc.perform(get("/api/v1/echo-jobs/" + id)).andReturn();
            // The pool gives up after its 3 s connection timeout; the old default hung for 30 s.
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(read.getResponse().getStatus()).isEqualTo(503);
            assertThat(read.getResponse().getContentType()).isEqualTo("application/problem+json");
            assertThat(read.getResponse().getHeader("Retry-After")).isEqualTo("5");
            assertThat(body(read).get("status").asInt()).isEqualTo(503);
            assertThat(body(read).get("detail").asString()).contains("database is unavailable");

            MvcResult submit = mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"steps\":2,\"mode\":\"FAST\",\"message\":\"during\"}")).andReturn();
            assertThat(submit.getResponse().getStatus()).isEqualTo(503);
            assertThat(submit.getResponse().getHeader("Retry-After")).isEqualTo("5");

            start = Instant.now();
            MvcResult health = mvc.perform(get("/actuator/health")).andReturn();
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(health.getResponse().getStatus()).isEqualTo(503);
            assertThat(body(health).path("components").path("db").path("status").asString()).isEqualTo("DOWN");
            // The worker notices too, once its poller has failed for its stale window.
            await().atMost(Duration.ofSeconds(30)).until(() -> body(mvc.perform(get("/actuator/health")).andReturn())
                    .path("components").path("jobWorker").path("status").asString().equals("DOWN"));
        } finally {
            db.restart();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> mvc.perform(get("/actuator/health")).andReturn()
                .getResponse().getStatus() == 200);
        MvcResult after = mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"steps\":2,\"mode\":\"FAST\",\"message\":\"after\"}")).andReturn();
        assertThat(after.getResponse().getStatus()).isEqualTo(202);
        String afterId = body(after).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> body(mvc.perform(get("/api/v1/echo-jobs/" + afterId))
                .andReturn()).get("state").asString().equals("SUCCEEDED"));
    }
}
