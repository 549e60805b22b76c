package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.common.testsupport.TestCallers;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;

/**
 * The queue's Prometheus meters on the sample service: every series exists straight after start-up, and
 * running one job moves the ones it should. The last scrape is saved for promtool (.ci/run checks it).
 */
@SpringBootTest(classes = SampleApplication.class, properties = {"imclab.service=sample",
        "imclab.webhooks.secret=job-metrics-test-webhook-secret", "imclab.metrics.queue-depth-ttl=0s",
        // The services' own settings: what they expose and tag, as a service would run.
        "spring.config.import=classpath:imclab-defaults.yml"})
class JobMetricsTest extends MockMvcDatabaseTest {

    static final Path SCRAPE = Path.of("target", "prometheus-scrape.txt");

    @Autowired
    javax.sql.DataSource dataSource;

    private String scrape() throws Exception {
        return mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    /** The value of the one series named {@code name} whose labels include all of {@code labels}. */
    private static double value(String scrape, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        Double found = null;
        while (m.find()) {
            boolean all = true;
            for (String l : labels) {
                all &= m.group(1).contains(l);
            }
            if (all) {
                assertThat(found).as("one series of %s with %s", name, String.join(",", labels)).isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found).as("a series %s with %s in the scrape", name, String.join(",", labels)).isNotNull();
        return found;
    }

    @Test
    void everySeriesExistsAtStartUpAndOneJobMovesTheRightOnes() throws Exception {
        String before = scrape();
        String echo = "kind=\"echo\"";
        String svc = "service=\"sample\"";
        for (String counter : new String[] {"imclab_jobs_submitted_total", "imclab_jobs_succeeded_total",
                "imclab_jobs_failed_total", "imclab_jobs_cancelled_total", "imclab_jobs_lease_expiries_total",
                "imclab_jobs_resumed_total", "imclab_jobs_queue_wait_seconds_count"}) {
            assertThat(value(before, counter, echo, svc)).as(counter).isGreaterThanOrEqualTo(0);
        }
        for (String state : new String[] {"QUEUED", "RUNNING", "CANCELLING"}) {
            assertThat(value(before, "imclab_jobs_queue_depth", echo, svc, "state=\"" + state + "\""))
                    .isGreaterThanOrEqualTo(0);
        }
        for (String state : new String[] {"SUCCEEDED", "FAILED", "CANCELLED"}) {
            value(before, "imclab_jobs_duration_seconds_count", echo, "state=\"" + state + "\"");
        }
        value(before, "imclab_jobs_claim_duration_seconds_count", "group=\"echo\"", svc);
        assertThat(before).contains("# TYPE imclab_jobs_duration_seconds histogram")
                .contains("imclab_jobs_duration_seconds_bucket{");

        String id = json.readTree(mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"steps\":3,\"mode\":\"FAST\"}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString()).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(mvc.perform(get("/api/v1/echo-jobs/" + id))
                .andReturn().getResponse().getContentAsString()).get("state").asString().equals("SUCCEEDED"));
        // The finished counters move after the commit; the job's GET can win that race by a hair.
        await().atMost(Duration.ofSeconds(5)).until(() -> value(scrape(), "imclab_jobs_succeeded_total", echo)
                > value(before, "imclab_jobs_succeeded_total", echo));
        String after = scrape();

        assertThat(value(after, "imclab_jobs_submitted_total", echo))
                .isEqualTo(value(before, "imclab_jobs_submitted_total", echo) + 1);
        assertThat(value(after, "imclab_jobs_succeeded_total", echo))
                .isEqualTo(value(before, "imclab_jobs_succeeded_total", echo) + 1);
        assertThat(value(after, "imclab_jobs_failed_total", echo)).isEqualTo(value(before, "imclab_jobs_failed_total", echo));
        assertThat(value(after, "imclab_jobs_duration_seconds_count", echo, "state=\"SUCCEEDED\""))
                .isEqualTo(value(before, "imclab_jobs_duration_seconds_count", echo, "state=\"SUCCEEDED\"") + 1);
        assertThat(value(after, "imclab_jobs_queue_wait_seconds_count", echo))
                .isEqualTo(value(before, "imclab_jobs_queue_wait_seconds_count", echo) + 1);
        assertThat(value(after, "imclab_jobs_claim_duration_seconds_count", "group=\"echo\""))
                .isGreaterThan(value(before, "imclab_jobs_claim_duration_seconds_count", "group=\"echo\""));
        assertThat(value(after, "imclab_jobs_resumed_total", echo)).isEqualTo(value(before, "imclab_jobs_resumed_total", echo));

        Files.createDirectories(SCRAPE.getParent());
        Files.writeString(SCRAPE, after);
    }

    @Test
    void theScrapeNeedsTheGatewaysSignature() throws Exception {
        mvc.perform(get("/actuator/prometheus").with(TestCallers.unsigned())).andExpect(status().isUnauthorized());
    }

    @Test
    void queueDepthCountsTheWholeQueueByKindAndState() {
        // A kind no worker here handles: its job stays QUEUED, so the count is exact whatever other tests do.
        JobQueueDepth depth = new JobQueueDepth(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource),
                java.util.List.of("idle-metrics-kind"), Duration.ZERO);
        double before = depth.count("idle-metrics-kind", JobState.QUEUED);
        new JobStore(dataSource, json).insert(java.util.UUID.randomUUID(), "idle-metrics-kind", "sample",
                json.createObjectNode(), "0".repeat(64), null, null, "Default", org.imclab.common.web.Caller.SYSTEM);
        assertThat(depth.count("idle-metrics-kind", JobState.QUEUED)).isEqualTo(before + 1);
        assertThat(depth.count("idle-metrics-kind", JobState.RUNNING)).isZero();
    }
}
