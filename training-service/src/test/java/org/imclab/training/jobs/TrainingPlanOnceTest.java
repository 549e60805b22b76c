package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.jobs.JobState;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.training.support.ServiceTest;
import org.imclab.training.support.WideRangeTable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * A training job runs the plan stored at submit, not a second planning of its request, and its run params
 * are those the submission wrote.
 */
class TrainingPlanOnceTest extends ServiceTest {

    @Autowired
    TrainingPlanner planner;
    @Autowired
    JobSubmissions submissions;
    @Autowired
    JobStore jobs;
    @Autowired
    TrackingStore tracking;

    @Test
    void theJobRunsTheStoredPlanAndLeavesTheParamsAsSubmitted() throws Exception {
        long table = body(mvc.perform(multipart("/api/v1/datasets")
                .file(new MockMultipartFile("file", "train.csv", "text/csv", WideRangeTable.csv(200, 21)))
                .file(new MockMultipartFile("testFile", "test.csv", "text/csv", WideRangeTable.csv(100, 22)))
                .param("name", "plan-once").param("format", "csv")).andExpect(status().isCreated()).andReturn())
                .get("id").asLong();
        TrainingRequest request = json.readValue("""
                {"datasetId": %d, "model": {"name": "mlp", "options": {"hidden": [8]}}, "optimizer": "adam",
                 "learningRate": 0.01, "epochs": 1, "batchSize": 32, "seed": 1, "threads": 1,
                 "modelName": "named-in-the-request", "experiment": "plan-once"}""".formatted(table),
                TrainingRequest.class);
        // The plan the controller would store, with one value changed: if the job planned the request again,
        // it would register the model under the request's name.
        JobPlan resolved = planner.jobPlan(request);
        TrainingPlanner.Plan p = (TrainingPlanner.Plan) resolved.plan();
        TrainingPlanner.Plan stored = new TrainingPlanner.Plan(p.dataset(), p.spec(), p.kind(), p.parent(), p.config(),
                "named-in-the-stored-plan");
        UUID id = submissions.submit(TrainingJobHandler.KIND, request, new JobPlan(stored, resolved.params()), null,
                "plan-once", null, null).job().id();
        Map<String, String> atSubmit = tracking.getRun(id).params();
        assertThat(atSubmit).containsEntry("dataset.id", Long.toString(table)).containsEntry("monitor", "val_loss")
                .containsEntry("modelName", "named-in-the-request");

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> jobs.state(id).isTerminal());
        JsonNode job = body(mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn());
        assertThat(jobs.state(id)).as(job.toString()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.get("result").get("modelName").asString()).isEqualTo("named-in-the-stored-plan");
        assertThat(tracking.getRun(id).params()).as("params are written once, at submit").isEqualTo(atSubmit);
        assertThat(tracking.getRun(id).tags()).containsKeys("engine", "threads");
    }
}
