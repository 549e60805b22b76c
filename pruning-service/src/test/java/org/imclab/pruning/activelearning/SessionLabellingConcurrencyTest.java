package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Labelling holds no lock while it retrains: two concurrent labellings of one session both retrain, one
 * commits and the other gets 409 problem+json naming the session version, on the real service and database.
 */
class SessionLabellingConcurrencyTest {

    private static final PoolData DIGITS = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static ConfigurableApplicationContext context;
    private static MockMvc mvc;

    @BeforeAll
    static void start() throws Exception {
        context = ActiveLearningApiTest.startService(TestDatabase.freshDatabaseUrl(), "--imclab.worker.enabled=false");
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void twoConcurrentLabellingsOfOneVersionCommitOnceAndTheOtherIsAConflict() throws Exception {
        JsonNode session = JSON.readTree(mvc.perform(post("/api/v1/active-learning/sessions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:digits\",\"classifier\":{\"type\":\"knn\",\"k\":1},"
                                + "\"strategy\":\"margin\",\"batchSize\":5,\"initialCount\":20,\"seed\":3}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        UUID id = UUID.fromString(session.get("id").asString());
        List<String> labels = new ArrayList<>();
        session.get("pending").forEach(n -> labels.add("{\"id\":" + n.asInt() + ",\"label\":" + DIGITS.data().y()[n.asInt()] + "}"));
        String body = "{\"labels\":[" + String.join(",", labels) + "]}";
        Callable<MockHttpServletResponse> label = () -> mvc.perform(post("/api/v1/active-learning/sessions/" + id + "/labels")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();

        DataSource dataSource = context.getBean(DataSource.class);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<MockHttpServletResponse> responses = new ArrayList<>();
        try (Connection blocker = dataSource.getConnection();
                PreparedStatement lock = blocker.prepareStatement("select id from pruning.al_session where id = ? for update")) {
            // With the row held elsewhere, both labellings must still read, validate and retrain, and only then
            // wait, at their version-checked commit. Under the old row lock they would wait before reading.
            blocker.setAutoCommit(false);
            lock.setObject(1, id);
            lock.executeQuery().close();
            Future<MockHttpServletResponse> a = pool.submit(label);
            Future<MockHttpServletResponse> b = pool.submit(label);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity where datname = current_database()
                    and wait_event_type = 'Lock' and query like '%update pruning.al_session%'""").query(Long.class).single() == 2);
            blocker.commit();
            responses.add(a.get());
            responses.add(b.get());
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(MockHttpServletResponse::getStatus).containsExactlyInAnyOrder(200, 409);
        MockHttpServletResponse conflict = responses.stream().filter(r -> r.getStatus() == 409).findFirst().orElseThrow();
        assertThat(conflict.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = JSON.readTree(conflict.getContentAsString());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertThat(problem.get("detail").asString()).contains("session is at version 1")
                .contains("given for version 0");
        JsonNode won = JSON.readTree(responses.stream().filter(r -> r.getStatus() == 200).findFirst().orElseThrow()
                .getContentAsString());
        assertThat(won.get("round").asInt()).isEqualTo(1);

        // The winner's round is stored once: its labels, its history point, its next batch.
        JsonNode after = JSON.readTree(mvc.perform(get("/api/v1/active-learning/sessions/" + id)).andReturn().getResponse()
                .getContentAsString());
        assertThat(after.get("round").asInt()).isEqualTo(1);
        assertThat(after.get("labelled").asInt()).isEqualTo(25);
        assertThat(after.get("history").size()).isEqualTo(2);
        assertThat(after.get("pending")).hasSize(5);
        assertThat(jdbc.sql("select version from pruning.al_session where id = ?").param(id).query(Long.class).single())
                .isEqualTo(1L);
    }
}
