package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.imclab.training.support.ServiceTest;
import org.imclab.training.support.WideRangeTable;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * An MLP on a table whose feature ranges differ by 1000×: per-feature standardisation (the default) against
 * raw features; evaluation on the model's own data set without naming it; unknown request fields.
 */
class TabularTrainingApiTest extends ServiceTest {

    private static Long tableId;

    private long table() throws Exception {
        if (tableId == null) {
            MvcResult r = mvc.perform(multipart("/api/v1/datasets")
                    .file(new MockMultipartFile("file", "train.csv", "text/csv", WideRangeTable.csv(600, 11)))
                    .file(new MockMultipartFile("testFile", "test.csv", "text/csv", WideRangeTable.csv(300, 12)))
                    .param("name", "wide-ranges").param("format", "csv")).andExpect(status().isCreated()).andReturn();
            tableId = body(r).get("id").asLong();
        }
        return tableId;
    }

    private JsonNode train(String extra) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"datasetId": %d, "model": {"name": "mlp", "options": {"hidden": [32]}}, "optimizer": "adam",
                 "learningRate": 0.01, "epochs": 8, "batchSize": 32, "seed": 1, "threads": 1%s}"""
                .formatted(table(), extra))).andExpect(status().isAccepted()).andReturn();
        String id = body(r).get("id").asString();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> body(
                mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn()).get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode job = body(mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job.get("result");
    }

    @Test
    void standardisedFeaturesTrainAClearlyBetterMlpAndEvaluateFindsTheModelsOwnDataSet() throws Exception {
        JsonNode standardized = train("");
        JsonNode raw = train(", \"standardize\": false");
        double withScaling = standardized.get("testAccuracy").asDouble();
        double without = raw.get("testAccuracy").asDouble();
        assertThat(withScaling).as("standardised %.3f vs raw %.3f", withScaling, without)
                .isGreaterThan(0.85).isGreaterThan(without + 0.15);

        // No datasetId: the lineage's data set (the test split is the uploaded test file).
        for (JsonNode result : new JsonNode[] {standardized, raw}) {
            long model = result.get("modelId").asLong();
            JsonNode eval = body(mvc.perform(post("/api/v1/models/" + model + "/evaluate")
                    .contentType(MediaType.APPLICATION_JSON).content("{\"split\": \"test\"}"))
                    .andExpect(status().isOk()).andReturn());
            assertThat(eval.get("datasetId").asLong()).isEqualTo(table());
            assertThat(eval.get("samples").asInt()).isEqualTo(300);
            // A raw-feature model is evaluated on raw features: the same accuracy its job reported.
            assertThat(eval.get("accuracy").asDouble()).isEqualTo(result.get("testAccuracy").asDouble());
        }
        mvc.perform(get("/api/v1/models/" + raw.get("modelId").asLong()))
                .andExpect(jsonPath("$.lineage.standardize").value(false))
                .andExpect(jsonPath("$.lineage.normalization.std[4]").value(1.0));
    }

    @Test
    void evaluateWithoutDatasetIdIs400OnlyWhenTheLineageHasNone() throws Exception {
        JsonNode result = train(", \"patience\": 1");
        long model = result.get("modelId").asLong();
        JsonNode m = body(mvc.perform(get("/api/v1/models/" + model)).andReturn());
        // The same weights registered by hand, without a data set in the lineage.
        String register = """
                {"name": "no-lineage", "spec": %s, "weightsSha": "%s"}""".formatted(m.get("spec"),
                m.get("weightsSha").asString());
        long bare = body(mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content(register))
                .andExpect(status().isCreated()).andReturn()).get("id").asLong();
        mvc.perform(post("/api/v1/models/" + bare + "/evaluate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"split\": \"test\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("datasetId"));
        mvc.perform(post("/api/v1/models/" + bare + "/evaluate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": " + table() + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.split").value("test"));
    }

    @Test
    void unknownFieldsAreRejectedNamingThem() throws Exception {
        long data = table();
        String[][] cases = {
                {"{\"datasetId\": " + data + ", \"model\": {\"name\": \"mlp\"}, \"epoch\": 3}", "epoch"},
                {"{\"datasetId\": " + data + ", \"model\": {\"name\": \"mlp\", \"hiden\": [8]}}", "model.hiden"},
                {"{\"datasetId\": " + data + ", \"model\": {\"name\": \"mlp\", \"options\": {\"hidden\": [8], "
                        + "\"depth\": 3}}}", "model.options.depth"},
                {"{\"datasetId\": " + data + ", \"model\": {\"spec\": {\"name\": \"m\", \"input\": [5], \"classes\": 3,"
                        + " \"layers\": [{\"name\": \"fc\", \"type\": \"linear\", \"out\": 3, \"bias\": true, "
                        + "\"outs\": 4}]}}}", "model.spec.layers[0].outs"}};
        for (String[] c : cases) {
            mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content(c[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value(c[1]));
        }
        mvc.perform(post("/api/v1/datasets/builtin").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"iris\", \"valFraktion\": 0.2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("valFraktion"));
        mvc.perform(post("/api/v1/models/1/evaluate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"splt\": \"test\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("splt"));
    }
}
