package org.imclab.training.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.LayerType;
import org.imclab.common.nn.LayerTypes;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * docs/model-spec.md against the running service: the published schema lists what the validator accepts,
 * the doc's example specs and zoo-option lines are accepted by analyze, and a misspelt or misplaced layer
 * field is a 400 naming it.
 */
class ModelSpecDocTest extends ServiceTest {

    private static final Path DOC = Path.of("..", "docs", "model-spec.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    private JsonNode analyze(String body) throws Exception {
        return body(mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn());
    }

    @Test
    void schemaEndpointListsEveryLayerTypeAndItsFields() throws Exception {
        JsonNode schema = body(mvc.perform(get("/api/v1/models/spec-schema")
                        .accept(MediaType.valueOf("application/schema+json")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/schema+json"))
                .andReturn());
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.at("/$defs/layer/properties/type/enum").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(LayerSpec.TYPES);
        assertThat(LayerSpec.TYPES).hasSize(11);
        for (LayerType t : LayerTypes.all()) {
            List<String> expected = new ArrayList<>(List.of("name", "type", "inputs"));
            expected.addAll(t.fieldNames());
            assertThat(schema.at("/$defs/" + t.name() + "/properties").propertyNames()).as(t.name())
                    .containsExactlyElementsOf(expected);
        }
        assertThat(schema.at("/$defs/conv/properties").propertyNames())
                .contains("out", "kernel", "stride", "padding", "bias", "groups", "basis");
        assertThat(schema.at("/$defs/basis/required").valueStream().map(JsonNode::asString))
                .containsExactly("rows", "size", "coeffBits", "groups");
        // Plain JSON clients get the same document.
        mvc.perform(get("/api/v1/models/spec-schema").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.$defs.dropout.properties.p.default").value(0.5));
    }

    @Test
    void openApiPointsEverySpecFieldAtTheSchema() throws Exception {
        JsonNode api = body(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn());
        assertThat(api.at("/components/schemas/ModelSpec/description").asString())
                .contains("GET /api/v1/models/spec-schema").contains("docs/model-spec.md");
        assertThat(api.at("/components/schemas/ModelSpec/externalDocs/url").asString())
                .isEqualTo("/api/v1/models/spec-schema");
        // Training jobs, analyze (via ModelChoice) and registration all carry the ModelSpec component.
        assertThat(api.at("/components/schemas/ModelChoice/properties/spec/$ref").asString())
                .endsWith("/ModelSpec");
        assertThat(api.at("/components/schemas/RegisterRequest/properties/spec/$ref").asString())
                .endsWith("/ModelSpec");
        assertThat(api.at("/paths/~1api~1v1~1models~1spec-schema/get/summary").asString()).contains("JSON Schema");
    }

    @Test
    void docsResidualExampleIsAcceptedByAnalyze() throws Exception {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("## A complete example: a residual block"));
        Matcher m = JSON_BLOCK.matcher(section);
        assertThat(m.find()).isTrue();
        JsonNode spec = json.readTree(m.group(1));
        assertThat(spec.get("name").asString()).isEqualTo("tiny-resnet");

        JsonNode a = analyze("{\"model\": {\"spec\": " + spec + "}}");
        assertThat(a.get("totalParams").asLong()).isEqualTo(1506);
        assertThat(a.get("totalMacs").asLong()).isEqualTo(350_288);
        assertThat(a.get("outputShape").toString()).isEqualTo("[10]");
        JsonNode add = a.get("layers").valueStream().filter(l -> l.get("name").asString().equals("b1_add"))
                .findFirst().orElseThrow();
        assertThat(add.get("inputs").toString()).isEqualTo("[\"b1_bn2\",\"stem_relu\"]");
        assertThat(add.get("outShape").toString()).isEqualTo("[8,16,16]");
    }

    @Test
    void everyCompleteSpecAndZooChoiceInTheDocIsAccepted() throws Exception {
        Matcher m = JSON_BLOCK.matcher(Files.readString(DOC));
        int specs = 0;
        int choices = 0;
        while (m.find()) {
            for (JsonNode node : objectsIn(m.group(1))) {
                if (node.has("layers")) {
                    analyze("{\"model\": {\"spec\": " + node + "}}");
                    specs++;
                } else if (node.has("options")) {
                    analyze("{\"model\": " + node + ", \"input\": [3, 32, 32], \"classes\": 10}");
                    choices++;
                }
            }
        }
        assertThat(specs).as("complete specs in the doc").isGreaterThanOrEqualTo(2);
        assertThat(choices).as("zoo choices with options in the doc").isGreaterThanOrEqualTo(3);
    }

    /** A block is one JSON value, or one object per line (the doc's per-type examples); fragments are skipped. */
    private List<JsonNode> objectsIn(String block) {
        try {
            return List.of(json.readTree(block));
        } catch (JacksonException whole) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : block.split("\n")) {
                try {
                    lines.add(json.readTree(line.strip().replaceAll(",$", "")));
                } catch (JacksonException fragment) {
                    // e.g. "{ ... }" placeholders in the top-level overview
                }
            }
            return lines;
        }
    }

    @Test
    void unknownOrMisplacedLayerFieldIsA400NamingIt() throws Exception {
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON).content("""
                        {"model": {"spec": {"name": "t", "input": [1, 8, 8], "classes": 2, "layers": [
                          {"name": "c1", "type": "conv", "out": 4, "kernal": 3},
                          {"name": "g", "type": "globalavgpool"},
                          {"name": "fc", "type": "linear", "out": 2}]}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.spec.layers[0].kernal"))
                .andExpect(jsonPath("$.errors[0].message").value("unknown field"));
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON).content("""
                        {"model": {"spec": {"name": "t", "input": [4], "classes": 2, "layers": [
                          {"name": "r", "type": "relu", "p": 0.5},
                          {"name": "fc", "type": "linear", "out": 2}]}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.spec.layers[0].p"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("does not apply to relu")));
    }
}
