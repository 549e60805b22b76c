package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.jobs.JobState;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.StepJobHandler;
import org.imclab.common.testsupport.RestartableDatabase;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.training.TrainingServiceApplication;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.training.datasets.SplitOptions;
import org.imclab.training.models.ModelChoice;
import org.imclab.training.support.MnistSubset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fault test (failsafe, in {@code mvn verify}): with a real multi-epoch training job running and cheaper
 * jobs running and queued, PostgreSQL's postmaster is killed, kept down for 40 s (longer than the 30 s
 * lease) and started again on the same data directory and port. The same Spring context, never
 * restarted, finishes every job; each epoch's metrics are recorded exactly once; health is DOWN during
 * the outage and UP after.
 */
@SpringBootTest(classes = {TrainingServiceApplication.class, DatabaseOutageFaultIT.ProbeJobs.class}, properties = {
        "imclab.webhooks.enabled=false",
        "imclab.worker.heartbeat=1s",
        "imclab.datasets.npm-command=/nonexistent/npm",
        "management.endpoint.health.show-components=always",
        "server.port=0"})
@AutoConfigureMockMvc
class DatabaseOutageFaultIT {

    static final RestartableDatabase db = TestDatabase.restartable();
    static final Duration OUTAGE = Duration.ofSeconds(40);
    static final int EPOCHS = 4;
    static final int PROBE_STEPS = 6;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry r) throws Exception {
        String url = db.freshDatabaseUrl("fault");
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> db.server().user());
        r.add("spring.datasource.password", () -> db.server().password());
        Path home = Files.createTempDirectory("imclab-fault-it");
        r.add("imclab.home", home::toString);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** Cheap jobs beside training: a step every 400 ms, each checkpointed and logged, two at a time. */
    @TestConfiguration
    static class ProbeJobs {
        @Bean
        StepJobHandler outageProbe() {
            return new StepJobHandler("outage-probe", 2);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    DatasetService datasets;
    @Autowired
    JobSubmissions submissions;
    @Autowired
    TrainingPlanner planner;
    @Autowired
    JobStore jobs;
    @Autowired
    TrackingStore tracking;
    @Autowired
    DataSource dataSource;
    final JsonMapper json = JsonMapper.builder().build();

    private JsonNode health() throws Exception {
        return json.readTree(mvc.perform(get("/actuator/health")).andReturn().getResponse().getContentAsString());
    }

    @Test
    void everyJobSucceedsAcrossAFortySecondDatabaseOutage() throws Exception {
        DatasetVersion data = datasets.importImages("mnist-fault", "upload:idx", MnistSubset.train(), MnistSubset.test(),
                SplitOptions.of(1L, 0.1, null)).version();
        TrainingRequest request = new TrainingRequest(data.id(), null, null, new ModelChoice("lenet5", null, null),
                null, null, "adam", 0.002, null, null, null, null, null, null, EPOCHS, 32, null, null, null, 5L, 1,
                "fault", null, null, null);
        UUID training = submissions.submit(TrainingJobHandler.KIND, request, planner.jobPlan(request), null, "fault",
                null, null).job().id();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> jobs.checkpoint(training)
                .map(c -> c.meta().get("epoch").asInt() >= 1).orElse(false));
        List<UUID> probes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            probes.add(submissions.submit("outage-probe", new StepJobHandler.Request(PROBE_STEPS, 400, "fault", null),
                    null, "fault", null, null).job().id());
        }
        // Mid-training, with two probes part-way and four still queued.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> jobs.checkpoint(probes.get(0))
                .isPresent());
        assertThat(probes.stream().map(jobs::state)).contains(JobState.RUNNING, JobState.QUEUED);
        assertThat(jobs.state(training)).isEqualTo(JobState.RUNNING);
        assertThat(health().get("status").asString()).isEqualTo("UP");

        Instant crashed = Instant.now();
        db.crash();
        boolean sawDown = false;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> health().get("status").asString().equals("DOWN"));
            JsonNode down = health();
            sawDown = down.path("components").path("db").path("status").asString().equals("DOWN");
            Duration left = OUTAGE.minus(Duration.between(crashed, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
        } finally {
            db.restart();
        }
        assertThat(sawDown).as("db health DOWN during the outage").isTrue();

        List<UUID> all = new ArrayList<>(probes);
        all.add(training);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> all.stream().allMatch(id -> jobs.state(id).isTerminal()));
        for (UUID id : all) {
            var view = jobs.find(id).orElseThrow();
            assertThat(view.state()).as("%s %s: %s", view.kind(), id, view.error()).isEqualTo(JobState.SUCCEEDED);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode h = health();
            return h.get("status").asString().equals("UP")
                    && h.path("components").path("db").path("status").asString().equals("UP")
                    && h.path("components").path("jobWorker").path("status").asString().equals("UP");
        });

        for (String key : List.of("train_loss", "val_acc", "lr")) {
            assertThat(tracking.metricHistory(training, key)).as(key).extracting(MetricPoint::step)
                    .containsExactly(1L, 2L, 3L, 4L);
        }
        for (UUID id : probes) {
            assertThat(tracking.metricHistory(id, "loss")).extracting(MetricPoint::step)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long finishedTwice = jdbc.sql("""
                select count(*) from (select job_id from jobs.job_state_history where to_state = 'SUCCEEDED'
                                      group by job_id having count(*) > 1) d""").query(Long.class).single();
        assertThat(finishedTwice).isZero();
        long models = jdbc.sql("select count(*) from training.model where lineage ->> 'jobId' = ?")
                .param(training.toString()).query(Long.class).single();
        assertThat(models).isEqualTo(1);
    }
}
