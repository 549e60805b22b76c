package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclabtest.sample.SampleApplication;
import org.imclab.common.testsupport.TestCallers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** The shared job API on a real database: submission, idempotency, errors as problem+json, tracking. */
@SpringBootTest(classes = SampleApplication.class, properties = {"imclab.service=sample", "imclab.tracking.read-api=true",
        "imclab.webhooks.secret=job-api-test-webhook-secret"})
class JobApiTest extends MockMvcDatabaseTest {

    @Test
    void mockMvcRequestsAreSignedAsThePlatformUnlessATestSaysOtherwise() throws Exception {
        mvc.perform(get("/api/v1/runs")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/runs").with(TestCallers.as(new Caller("key:5", Caller.Scope.READ, null))))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/runs").with(TestCallers.unsigned()))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/runs").header(CallerSignature.OWNER_HEADER, "key:1")
                        .header(CallerSignature.SCOPE_HEADER, "admin"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void submittedJobRunsInTheWorkerAndItsRunAndMetricsCanBeRead() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"steps\":5,\"mode\":\"FAST\",\"message\":\"hi\",\"experiment\":\"api-test\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andReturn();
        String id = body(r).get("id").asString();
        // NOTIFY wakes the worker at commit, so it may already have claimed (or even finished) the job.
        assertThat(body(r).get("state").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(r.getResponse().getHeader("Location")).endsWith("/api/v1/echo-jobs/" + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> body(mvc.perform(get("/api/v1/echo-jobs/" + id)).andReturn())
                .get("state").asString().equals("SUCCEEDED"));
        mvc.perform(get("/api/v1/echo-jobs/" + id))
                .andExpect(jsonPath("$.result.echo").value("hi"))
                .andExpect(jsonPath("$.progress").value(1.0))
                .andExpect(jsonPath("$.history[0].to").value("QUEUED"))
                .andExpect(jsonPath("$.history[1].to").value("RUNNING"))
                .andExpect(jsonPath("$.history[2].to").value("SUCCEEDED"));
        mvc.perform(get("/api/v1/runs/" + id))
                .andExpect(jsonPath("$.state").value("SUCCEEDED"))
                .andExpect(jsonPath("$.experiment").value("api-test"))
                .andExpect(jsonPath("$.params.steps").value("5"))
                .andExpect(jsonPath("$.metrics.value").value(25.0))
                .andExpect(jsonPath("$.tags['runtime.cores']").exists());
        mvc.perform(get("/api/v1/runs/" + id + "/metrics"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.value.length()").value(5));
        mvc.perform(get("/api/v1/runs/" + id + "/metrics/value"))
                .andExpect(jsonPath("$.length()").value(5))
                .andExpect(jsonPath("$[2].value").value(9.0));
        mvc.perform(get("/api/v1/runs").param("experiment", "api-test").param("metric", "value>=25").param("param", "mode:FAST"))
                .andExpect(jsonPath("$.items[0].id").value(id));
        mvc.perform(get("/api/v1/runs").param("experiment", "api-test").param("metric", "value>25"))
                .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(get("/api/v1/experiments/api-test")).andExpect(jsonPath("$.runCount").value(1));
    }

    @Test
    void eventStreamSendsMetricsOnlyAsNewPointsWithKeyStepAndValue() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"steps\":3,\"mode\":\"FAST\",\"message\":\"sse\"}"))
                .andExpect(status().isAccepted()).andReturn();
        String id = body(r).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> body(mvc.perform(get("/api/v1/echo-jobs/" + id)).andReturn())
                .get("state").asString().equals("SUCCEEDED"));
        MvcResult events = mvc.perform(get("/api/v1/echo-jobs/" + id + "/events"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
                .andReturn();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.getResponse().getContentAsString().contains("event:done"));
        String stream = events.getResponse().getContentAsString();
        java.util.List<String> metrics = java.util.Arrays.stream(stream.split("\n\n"))
                .filter(e -> e.contains("event:metrics")).toList();
        // The run's three points arrive once, in one event, as {key, step, value}.
        assertThat(metrics).hasSize(1);
        String data = metrics.get(0).lines().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5);
        tools.jackson.databind.JsonNode points = json.readTree(data);
        assertThat(points.isArray()).isTrue();
        assertThat(points).hasSize(3);
        for (tools.jackson.databind.JsonNode p : points) {
            assertThat(p.get("key").asString()).isEqualTo("value");
            assertThat(p.get("value").asDouble()).isEqualTo(p.get("step").asDouble() * p.get("step").asDouble());
        }
        assertThat(stream).doesNotContain("data:{}");
    }

    @Test
    void idempotencyKeyReturnsTheSameJobAndConflictsOnADifferentBody() throws Exception {
        String bodyA = "{\"steps\":2,\"mode\":\"FAST\",\"message\":\"a\"}";
        String bodyAReordered = "{\"message\":\"a\",\"mode\":\"FAST\",\"steps\":2}";
        MvcResult first = mvc.perform(post("/api/v1/echo-jobs").header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON).content(bodyA)).andExpect(status().isAccepted()).andReturn();
        MvcResult again = mvc.perform(post("/api/v1/echo-jobs").header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON).content(bodyAReordered)).andExpect(status().isOk()).andReturn();
        assertThat(body(again).get("id")).isEqualTo(body(first).get("id"));
        mvc.perform(post("/api/v1/echo-jobs").header("Idempotency-Key", "key-1")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"steps\":3,\"mode\":\"FAST\",\"message\":\"a\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
    }

    @Test
    void badInputGets400ProblemJsonNamingTheField() throws Exception {
        expect400("{\"steps\":2,\"mode\":", "body");
        expect400("{\"steps\":2,\"mode\":\"SIDEWAYS\"}", "mode");
        expect400("{\"mode\":\"FAST\"}", "steps");
        expect400("{\"steps\":5000,\"mode\":\"FAST\"}", "steps");
        expect400("{\"steps\":\"many\",\"mode\":\"FAST\"}", "steps");
        expect400("{\"steps\":2,\"mode\":\"FAST\",\"callbackUrl\":\"ftp://x\"}", "callbackUrl");
        mvc.perform(get("/api/v1/echo-jobs").param("page_size", "0"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("page_size"));
        mvc.perform(get("/api/v1/echo-jobs").param("page_token", "garbage!"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("page_token"));
        mvc.perform(get("/api/v1/echo-jobs/not-a-uuid"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("id"));
        mvc.perform(get("/api/v1/echo-jobs/00000000-0000-0000-0000-000000000000"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/runs/00000000-0000-0000-0000-000000000000")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/runs").param("metric", "acc~1")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("metric"));
    }

    @Test
    void callbackUrlsThatReachInternalAddressesOrCarryCredentialsGet400() throws Exception {
        for (String url : new String[] {"http://127.0.0.1:8081/api/v1/training-jobs", "http://0.0.0.0:8083/",
                "http://169.254.169.254/latest/meta-data/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/",
                "http://localhost:8082/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://10.1.2.3/",
                "https://user:secret@hooks.example.org/done"}) {
            MvcResult r = mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"steps\":1,\"mode\":\"FAST\",\"callbackUrl\":\"" + url + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("callbackUrl"))
                    .andReturn();
            assertThat(r.getResponse().getContentAsString()).as(url).doesNotContain("secret@");
        }
        // A public address literal (a documentation block, so nothing answers) needs no DNS and is accepted.
        mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"steps\":1,\"mode\":\"FAST\",\"callbackUrl\":\"https://203.0.113.10/hook\"}"))
                .andExpect(status().isAccepted());
    }

    private void expect400(String payload, String field) throws Exception {
        mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON).content(payload))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    @Test
    void listsArePagedWithTokens() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"steps\":1,\"mode\":\"SLOW\",\"experiment\":\"paging\"}")).andExpect(status().isAccepted());
        }
        JsonNode p1 = body(mvc.perform(get("/api/v1/echo-jobs").param("experiment", "paging").param("page_size", "3")).andReturn());
        assertThat(p1.get("items").size()).isEqualTo(3);
        String token = p1.get("next_page_token").asString();
        JsonNode p2 = body(mvc.perform(get("/api/v1/echo-jobs").param("experiment", "paging").param("page_size", "3")
                .param("page_token", token)).andReturn());
        assertThat(p2.get("items").size()).isEqualTo(2);
        assertThat(p2.get("next_page_token") == null || p2.get("next_page_token").isNull()).isTrue();
    }
}
