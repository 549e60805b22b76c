package org.imclab.training.jobs;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;

/** Specs beyond SpecLimits are 400s naming the layer field on analyze and on training-job submission. */
class SpecLimitsApiTest extends ServiceTest {

    private static final String HUGE_LINEAR = """
            {"name": "huge", "input": [4], "classes": 2, "layers": [
              {"name": "fc1", "type": "linear", "out": 2147483647},
              {"name": "fc2", "type": "linear", "out": 2}]}""";

    @Test
    void analyzeRefusesMaxIntWidthsAndInputs() throws Exception {
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"spec\": " + HUGE_LINEAR + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("model.spec.layers[0].out"))
                .andExpect(jsonPath("$.detail").value(containsString("fc1")));
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"name\": \"mlp\", \"options\": {\"hidden\": [2147483647]}}, "
                                + "\"input\": [4], \"classes\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.layers[0].out"));
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"name\": \"mlp\"}, \"input\": [2147483647], \"classes\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(containsString("input")));
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"name\": \"resnet20\"}, \"input\": [3, 2147483647, 2147483647], "
                                + "\"classes\": 10}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(containsString("input")));
    }

    @Test
    void trainingJobWithAnOversizedSpecIsRefusedAtSubmission() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i % 3).append(',').append(i * 2).append(',').append(1).append(',')
                    .append(i % 2).append('\n');
        }
        MvcResult r = mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "t.csv", "text/csv", csv.toString().getBytes()))
                        .param("name", "spec-limits").param("format", "csv"))
                .andExpect(status().isCreated()).andReturn();
        long id = body(r).get("id").asLong();
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": " + id + ", \"model\": {\"spec\": " + HUGE_LINEAR + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("model.spec.layers[0].out"));
    }
}
