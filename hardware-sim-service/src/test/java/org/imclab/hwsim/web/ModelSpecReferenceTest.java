package org.imclab.hwsim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * A simulation's {@code model.spec} follows the shared model-spec format: the OpenAPI description points at
 * its JSON Schema, and a field the layer type does not take is refused as the schema says.
 */
@SpringBootTest(classes = HardwareSimServiceApplication.class,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false"})
class ModelSpecReferenceTest extends MockMvcDatabaseTest {

    @Test
    void openApiDescribesModelRefSpecByTheSchema() throws Exception {
        JsonNode api = json.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        assertThat(api.at("/components/schemas/ModelRef/properties/spec/description").asString())
                .contains("GET /api/v1/models/spec-schema").contains("docs/model-spec.md");
    }

    @Test
    void aFieldTheLayerTypeDoesNotTakeIsA400NamingIt() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/simulations").contentType(MediaType.APPLICATION_JSON).content("""
                {"type": "COST", "model": {"spec": {"name": "m", "input": [4], "classes": 2, "layers": [
                  {"name": "fc", "type": "linear", "out": 2, "kernel": 3}]}}}""")).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(400);
        JsonNode problem = json.readTree(r.getResponse().getContentAsString());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("model.spec.layers[0].kernel");
        assertThat(problem.get("detail").asString()).contains("does not apply to linear");
    }
}
