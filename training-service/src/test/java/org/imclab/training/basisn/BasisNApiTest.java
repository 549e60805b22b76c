package org.imclab.training.basisn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.imclab.training.support.MnistSubset;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * BasisN jobs through the HTTP API on the committed MNIST subset, one epoch each: from scratch with its
 * standard counterpart, conversion of that counterpart, the registered models' usage metadata, prediction
 * with a BasisN model, a sweep whose points are runs of one experiment, and request validation.
 */
class BasisNApiTest extends ServiceTest {

    private static Long datasetId;

    /** Uploaded once: a second upload of the same content would return the same version (200). */
    private long dataset() throws Exception {
        if (datasetId != null) {
            return datasetId;
        }
        MvcResult r = mvc.perform(multipart("/api/v1/datasets")
                        .file(part("file", MnistSubset.bytes("train-images-idx3-ubyte.gz")))
                        .file(part("labelsFile", MnistSubset.bytes("train-labels-idx1-ubyte.gz")))
                        .file(part("testFile", MnistSubset.bytes("t10k-images-idx3-ubyte.gz")))
                        .file(part("testLabelsFile", MnistSubset.bytes("t10k-labels-idx1-ubyte.gz")))
                        .param("name", "mnist-basisn-ci").param("format", "idx"))
                .andExpect(status().isCreated()).andReturn();
        datasetId = body(r).get("id").asLong();
        return datasetId;
    }

    private static MockMultipartFile part(String name, byte[] content) {
        return new MockMultipartFile(name, name, MediaType.APPLICATION_OCTET_STREAM_VALUE, content);
    }

    private JsonNode submitAndWait(String path, String request) throws Exception {
        MvcResult r = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(request))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andReturn();
        String id = body(r).get("id").asString();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> body(
                mvc.perform(get(path + "/" + id)).andReturn()).get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode job = body(mvc.perform(get(path + "/" + id)).andReturn());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    @Test
    void basisNJobsTrainConvertRegisterAndSweepOverHttp() throws Exception {
        long data = dataset();

        // From scratch, with the standard counterpart trained on the same budget.
        JsonNode scratchJob = submitAndWait("/api/v1/basisn-jobs", """
                {"datasetId": %d, "model": {"name": "lenet5"}, "rows": 32, "basisSize": 16, "coeffBits": 4,
                 "groups": 4, "groupLasso": 0.05, "optimizer": "adam", "learningRate": 0.002, "epochs": 1,
                 "batchSize": 64, "seed": 3, "threads": 1, "experiment": "basisn-ci"}""".formatted(data));
        JsonNode scratch = scratchJob.get("result");
        assertThat(scratch.get("mode").asString()).isEqualTo("from_scratch");
        assertThat(scratch.get("testAccuracy").asDouble()).isGreaterThan(0.5);
        assertThat(scratch.get("baselineAccuracy").asDouble()).isGreaterThan(0.5);
        // R = 32 rows, C = R columns, 8-bit values in 2-bit cells: 4 cells per value, 8 columns per crossbar.
        assertThat(scratch.get("basisCrossbars").asInt()).isEqualTo(2);
        assertThat(scratch.get("cellsPerValue").asInt()).isEqualTo(4);
        assertThat(scratch.get("layers")).hasSize(5);
        for (JsonNode l : scratch.get("layers")) {
            assertThat(l.get("groupsUsed").asInt()).isBetween(0, 4);
            assertThat(l.get("nonzeroCoefficients").asLong()).isLessThanOrEqualTo(l.get("coefficients").asLong());
            assertThat(l.get("distinctLevels").asInt()).isBetween(1, 16);
        }
        long modelId = scratch.get("modelId").asLong();
        long baselineId = scratch.get("baselineModelId").asLong();

        JsonNode model = body(mvc.perform(get("/api/v1/models/" + modelId)).andExpect(status().isOk()).andReturn());
        assertThat(model.get("kind").asString()).isEqualTo("basisn");
        assertThat(model.get("spec").get("basis").get("rows").asInt()).isEqualTo(32);
        assertThat(model.get("spec").get("layers").get(0).get("basis").asString()).isEqualTo("B");
        JsonNode usage = model.get("metrics").get("basisN");
        assertThat(usage.get("basisSize").asInt()).isEqualTo(16);
        assertThat(usage.get("coeffBits").asInt()).isEqualTo(4);
        assertThat(usage.get("rows").asInt()).isEqualTo(32);
        assertThat(usage.get("groups").asInt()).isEqualTo(4);
        assertThat(usage.get("basisCrossbars").asInt()).isEqualTo(2);
        for (String layer : List.of("conv1", "conv2", "fc1", "fc2", "fc3")) {
            JsonNode l = usage.get("perLayer").get(layer);
            assertThat(l.get("groupsUsed").asInt()).as(layer).isBetween(1, 4);
            assertThat(l.get("nonzeroCoefficients").asLong()).as(layer).isPositive();
        }
        assertThat(model.get("metrics").get("baseline_test_acc").asDouble())
                .isEqualTo(scratch.get("baselineAccuracy").asDouble());
        assertThat(model.get("lineage").get("baselineModelId").asLong()).isEqualTo(baselineId);
        mvc.perform(get("/api/v1/models/" + baselineId)).andExpect(jsonPath("$.kind").value("standard"));

        // The run (id = job id) tracks per-epoch and summary metrics.
        String runId = scratchJob.get("id").asString();
        assertThat(model.get("lineage").get("runId").asString()).isEqualTo(runId);
        mvc.perform(get("/api/v1/runs/" + runId))
                .andExpect(jsonPath("$.metrics.test_acc").value(scratch.get("testAccuracy").asDouble()))
                .andExpect(jsonPath("$.metrics.basis_crossbars").value(2.0))
                .andExpect(jsonPath("$.metrics['groups_used.conv1']").exists())
                .andExpect(jsonPath("$.metrics['baseline.val_acc']").exists())
                .andExpect(jsonPath("$.params['basis.size']").value("16"));

        // A BasisN model predicts through the registry like any other.
        mvc.perform(post("/api/v1/models/" + modelId + "/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [\"" + java.util.Base64.getEncoder().encodeToString(new byte[784]) + "\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].probabilities.length()").value(10));

        // Conversion of the standard model: a full SVD basis, then one fine-tuning epoch.
        JsonNode converted = submitAndWait("/api/v1/basisn-jobs", """
                {"datasetId": %d, "mode": "convert", "sourceModelId": %d, "rows": 32, "basisSize": 32,
                 "coeffBits": 8, "init": "svd", "optimizer": "adam", "learningRate": 0.0005, "epochs": 1,
                 "batchSize": 64, "seed": 3, "threads": 1, "experiment": "basisn-ci"}""".formatted(data, baselineId))
                .get("result");
        assertThat(converted.get("mode").asString()).isEqualTo("convert");
        assertThat(converted.get("baselineAccuracy").asDouble()).isEqualTo(scratch.get("baselineAccuracy").asDouble());
        assertThat(converted.get("convertedAccuracy").asDouble())
                .isGreaterThan(converted.get("baselineAccuracy").asDouble() - 0.02);
        for (JsonNode l : converted.get("layers")) {
            assertThat(l.get("reconstructionError").asDouble()).as(l.toString()).isBetween(0.0, 0.5);
        }
        JsonNode convertedModel = body(mvc.perform(get("/api/v1/models/" + converted.get("modelId").asLong()))
                .andReturn());
        assertThat(convertedModel.get("lineage").get("parentModelId").asLong()).isEqualTo(baselineId);
        assertThat(convertedModel.get("metrics").get("recon_error_converted.fc1").asDouble()).isLessThan(0.05);

        // A sweep: each grid point is its own job and run in the sweep's experiment.
        JsonNode sweep = submitAndWait("/api/v1/basisn-sweeps", """
                {"experiment": "basisn-sweep-ci", "coeffBits": [2, 4],
                 "template": {"datasetId": %d, "model": {"name": "lenet5"}, "baselineModelId": %d, "rows": 32,
                              "basisSize": 8, "optimizer": "adam", "learningRate": 0.002, "epochs": 1,
                              "batchSize": 64, "seed": 3, "threads": 1}}""".formatted(data, baselineId))
                .get("result");
        assertThat(sweep.get("points")).hasSize(2);
        List<Integer> bits = new ArrayList<>();
        for (JsonNode p : sweep.get("points")) {
            assertThat(p.get("state").asString()).isEqualTo("SUCCEEDED");
            bits.add(p.get("coeffBits").asInt());
            mvc.perform(get("/api/v1/runs/" + p.get("jobId").asString()))
                    .andExpect(jsonPath("$.experiment").value("basisn-sweep-ci"))
                    .andExpect(jsonPath("$.kind").value("basisn"))
                    .andExpect(jsonPath("$.params['basis.coeffBits']").value(p.get("coeffBits").asString()));
        }
        assertThat(bits).containsExactly(2, 4);
        JsonNode runs = body(mvc.perform(get("/api/v1/runs").param("experiment", "basisn-sweep-ci")
                .param("kind", "basisn")).andReturn());
        assertThat(runs.get("items")).hasSize(2);
    }

    @Test
    void invalidRequestsAreRejectedWithTheField() throws Exception {
        long data = dataset();
        mvc.perform(post("/api/v1/basisn-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": %d, \"mode\": \"convert\"}".formatted(data)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sourceModelId"));
        mvc.perform(post("/api/v1/basisn-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": %d, \"model\": {\"name\": \"lenet5\"}, \"basisSize\": 8, \"groups\": 9}"
                                .formatted(data)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("groups"));
        mvc.perform(post("/api/v1/basisn-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": %d, \"model\": {\"name\": \"lenet5\"}, \"groupLassoSolver\": \"magic\"}"
                                .formatted(data)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("groupLassoSolver"));
        mvc.perform(post("/api/v1/basisn-sweeps").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"basisSizes\": [8, 300], \"template\": {\"datasetId\": %d, \"model\": {\"name\": \"lenet5\"}, \"rows\": 16, \"groups\": 9}}"
                                .formatted(data)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("template.groups"));
    }
}
