package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.imclab.training.support.ServiceTest;
import org.imclab.training.support.WideRangeTable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

/** The epoch gauges exist for both loop-running kinds at start-up and report a finished training epoch. */
class TrainingMetersApiTest extends ServiceTest {

    @Autowired
    MeterRegistry registry;

    private double gauge(String name, String kind) {
        var g = registry.find(name).tags("service", "training", "kind", kind).gauge();
        assertThat(g).as("%s{kind=%s} registered", name, kind).isNotNull();
        return g.value();
    }

    @Test
    void epochGaugesExistFromStartUpAndShowTheLastEpoch() throws Exception {
        for (String kind : new String[] {"training", "basisn"}) {
            gauge("imclab.training.samples.per.second", kind);
            gauge("imclab.training.last.epoch.loss", kind);
        }
        long data = body(mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "train.csv", "text/csv", WideRangeTable.csv(200, 21)))
                        .param("name", "meters-table").param("format", "csv"))
                .andExpect(status().isCreated()).andReturn()).get("id").asLong();
        String id = body(mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"datasetId": %d, "model": {"name": "mlp", "options": {"hidden": [8]}}, "epochs": 2, "batchSize": 32,
                 "seed": 1, "threads": 1}""".formatted(data))).andExpect(status().isAccepted()).andReturn())
                .get("id").asString();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> body(
                mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn()).get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(gauge("imclab.training.samples.per.second", "training")).isPositive().isFinite();
        assertThat(gauge("imclab.training.last.epoch.loss", "training")).isFinite().isNotNegative();
    }
}
