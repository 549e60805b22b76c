package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imclab.common.testsupport.SignedCallers.ADMIN;
import static org.imclab.common.testsupport.SignedCallers.ALICE;
import static org.imclab.common.testsupport.SignedCallers.BOB;
import static org.imclab.common.testsupport.SignedCallers.TEAMMATE;
import static org.imclab.common.testsupport.SignedCallers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.common.testsupport.SignedCallers;
import org.imclab.common.tracking.TrackingStore;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Tenancy of the shared job and tracking API, through gateway-signed callers: a key sees and cancels its
 * own jobs, runs, experiments and run artifacts, and so do its project's keys and admins; any other key
 * gets 404 (never 403, which would reveal the object), finds nothing in lists, and has its own
 * Idempotency-Key space. The worker is off, so jobs stay QUEUED and every state seen is the test's doing.
 */
@SpringBootTest(classes = SampleApplication.class, properties = {"imclab.service=sample",
        "imclab.tracking.read-api=true", "imclab.worker.enabled=false", "imclab.webhooks.enabled=false",
        SignedCallers.SECRET_PROPERTY})
class TenancyApiTest extends MockMvcDatabaseTest {

    @Autowired
    TrackingStore tracking;
    @Autowired
    ArtifactStore artifacts;
    @Autowired
    JobStore jobs;

    private String submit(Caller caller, String experiment, String idempotencyKey) throws Exception {
        var req = post("/api/v1/echo-jobs").with(as(caller)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"steps\":3,\"mode\":\"FAST\",\"experiment\":\"" + experiment + "\"}");
        if (idempotencyKey != null) {
            req = req.header("Idempotency-Key", idempotencyKey);
        }
        return body(mvc.perform(req).andReturn()).get("id").asString();
    }

    private List<String> ids(Caller caller, String path, String experiment) throws Exception {
        JsonNode items = body(mvc.perform(get(path).with(as(caller)).param("experiment", experiment)
                .param("page_size", "100")).andExpect(status().isOk()).andReturn()).get("items");
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asString()));
        return out;
    }

    @Test
    void anotherKeysJobIsNotFoundAbsentFromListsAndCannotBeCancelledOrStreamed() throws Exception {
        String job = submit(ALICE, "tenancy-jobs", null);
        mvc.perform(get("/api/v1/echo-jobs/" + job).with(as(ALICE))).andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").value("key:1"))
                .andExpect(jsonPath("$.project").value("alpha"));

        mvc.perform(get("/api/v1/echo-jobs/" + job).with(as(BOB)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(ids(BOB, "/api/v1/echo-jobs", "tenancy-jobs")).doesNotContain(job);
        mvc.perform(post("/api/v1/echo-jobs/" + job + "/cancel").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/echo-jobs/" + job + "/events").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/echo-jobs/" + job).with(as(ALICE))).andExpect(jsonPath("$.state").value("QUEUED"));

        for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
            mvc.perform(get("/api/v1/echo-jobs/" + job).with(as(seer))).andExpect(status().isOk());
            assertThat(ids(seer, "/api/v1/echo-jobs", "tenancy-jobs")).contains(job);
        }
        mvc.perform(get("/api/v1/echo-jobs/" + job + "/events").with(as(TEAMMATE)))
                .andExpect(request().asyncStarted());
        mvc.perform(post("/api/v1/echo-jobs/" + job + "/cancel").with(as(TEAMMATE)))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.state").value("CANCELLED"));
    }

    @Test
    void listsFilterBeforePagingSoAPageIsFullOfVisibleJobs() throws Exception {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(submit(BOB, "tenancy-paging", null));
            submit(ALICE, "tenancy-paging", null);
            submit(ALICE, "tenancy-paging", null);
        }
        JsonNode page = body(mvc.perform(get("/api/v1/echo-jobs").with(as(BOB)).param("experiment", "tenancy-paging")
                .param("page_size", "2")).andReturn());
        assertThat(page.get("items").size()).isEqualTo(2);
        JsonNode rest = body(mvc.perform(get("/api/v1/echo-jobs").with(as(BOB)).param("experiment", "tenancy-paging")
                .param("page_size", "2").param("page_token", page.get("next_page_token").asString())).andReturn());
        List<String> seen = new ArrayList<>();
        page.get("items").forEach(i -> seen.add(i.get("id").asString()));
        rest.get("items").forEach(i -> seen.add(i.get("id").asString()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(ids(ADMIN, "/api/v1/echo-jobs", "tenancy-paging")).hasSize(9);
    }

    @Test
    void theSameIdempotencyKeyFromTwoKeysMakesTwoJobs() throws Exception {
        String alices = submit(ALICE, "tenancy-idem", "shared-key");
        String bobs = submit(BOB, "tenancy-idem", "shared-key");
        assertThat(bobs).isNotEqualTo(alices);
        assertThat(submit(ALICE, "tenancy-idem", "shared-key")).isEqualTo(alices);
        assertThat(submit(BOB, "tenancy-idem", "shared-key")).isEqualTo(bobs);
        // A teammate shares visibility, not the key space: its own key makes its own job.
        assertThat(submit(TEAMMATE, "tenancy-idem", "shared-key")).isNotIn(alices, bobs);
        mvc.perform(get("/api/v1/echo-jobs/" + bobs).with(as(ALICE))).andExpect(status().isNotFound());
    }

    @Test
    void runsExperimentsAndRunArtifactsFollowTheirJobsOwner() throws Exception {
        String job = submit(ALICE, "tenancy-alice-only", null);
        String sha = artifacts.putBytes(("report of " + job).getBytes(), "text/plain").sha256();
        tracking.attachArtifact(UUID.fromString(job), "report.txt", sha);
        tracking.logMetrics(UUID.fromString(job), 1, java.util.Map.of("acc", 0.5));

        mvc.perform(get("/api/v1/runs/" + job).with(as(ALICE))).andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").value("key:1"))
                .andExpect(jsonPath("$.project").value("alpha"));
        for (String path : List.of("/api/v1/runs/" + job, "/api/v1/runs/" + job + "/metrics",
                "/api/v1/runs/" + job + "/metrics/acc", "/api/v1/experiments/tenancy-alice-only",
                "/api/v1/artifacts/" + sha)) {
            mvc.perform(get(path).with(as(BOB))).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
                mvc.perform(get(path).with(as(seer))).andExpect(status().isOk());
            }
        }
        assertThat(ids(BOB, "/api/v1/runs", "tenancy-alice-only")).isEmpty();
        assertThat(ids(TEAMMATE, "/api/v1/runs", "tenancy-alice-only")).containsExactly(job);
        assertThat(experimentNames(BOB)).doesNotContain("tenancy-alice-only");
        assertThat(experimentNames(ADMIN)).contains("tenancy-alice-only");

        // A shared experiment name shows each key only its own runs, and counts only those.
        String bobs = submit(BOB, "tenancy-alice-only", null);
        assertThat(ids(BOB, "/api/v1/runs", "tenancy-alice-only")).containsExactly(bobs);
        mvc.perform(get("/api/v1/experiments/tenancy-alice-only").with(as(BOB))).andExpect(jsonPath("$.runCount").value(1));
        mvc.perform(get("/api/v1/experiments/tenancy-alice-only").with(as(ADMIN))).andExpect(jsonPath("$.runCount").value(2));
    }

    @Test
    void aClaimedJobRunsAsItsSubmitterWithTheScopeItWasSubmittedWith() {
        for (Caller submitter : List.of(ALICE, ADMIN)) {
            UUID id = UUID.randomUUID();
            jobs.insert(id, "claim-scope", "sample", json.createObjectNode(), "0".repeat(64), null, null, "Default",
                    submitter);
            JobStore.ClaimedJob claimed = jobs.claim("claim-scope", "test-worker", java.time.Duration.ofSeconds(30))
                    .orElseThrow();
            assertThat(claimed.id()).isEqualTo(id);
            assertThat(claimed.owner()).isEqualTo(submitter);
        }
    }

    private List<String> experimentNames(Caller caller) throws Exception {
        List<String> out = new ArrayList<>();
        body(mvc.perform(get("/api/v1/experiments").with(as(caller))).andExpect(status().isOk()).andReturn())
                .forEach(e -> out.add(e.get("name").asString()));
        return out;
    }
}
