package org.imclab.training.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecWeights;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/v1/models: registering weights another service stored (pruning's path). The registered model
 * must be usable (predict runs on it), and every bad field gets a 400 naming it, with nothing written.
 */
class ModelRegistrationApiTest extends ServiceTest {

    @Autowired
    ArtifactStore artifacts;

    @Autowired
    ModelLoader loader;

    private final ModelSpec mlp = ModelZoo.mlp(new int[] {1, 4, 4}, new int[] {8}, 3);

    private String storedWeights(ModelSpec spec, long seed) throws Exception {
        try (LoadedModel m = loader.fresh(spec, ModelVersion.STANDARD, seed)) {
            return artifacts.putBytes(SpecWeights.toBytes(m.block()), "application/octet-stream").sha256();
        }
    }

    private Map<String, Object> body(String name, ModelSpec spec, String sha, Map<String, Object> lineage)
            throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("kind", "standard");
        b.put("spec", json.readTree(spec.toJson()));
        b.put("weightsSha", sha);
        b.put("metrics", Map.of("test_acc", 0.5, "params", 163));
        b.put("lineage", lineage);
        return b;
    }

    private ResultActions register(Object body) throws Exception {
        return mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
    }

    private int versions(String name) throws Exception {
        return body(mvc.perform(get("/api/v1/models").param("name", name)).andReturn()).get("items").size();
    }

    @Test
    void registersStoredWeightsOnceAndTheModelPredicts() throws Exception {
        String sha = storedWeights(mlp, 7);
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("jobId", "11111111-2222-3333-4444-555555555555");
        lineage.put("source", "pruning");
        lineage.put("normalization", Map.of("kind", "image", "mean", List.of(0.5), "std", List.of(0.25)));

        JsonNode created = body(register(body("tiny-mlp-pruned", mlp, sha, lineage))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.matchesRegex("/api/v1/models/\\d+")))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.weightsSha").value(sha))
                .andExpect(jsonPath("$.metrics.test_acc").value(0.5))
                .andExpect(jsonPath("$.lineage.source").value("pruning"))
                .andReturn());
        long id = created.get("id").asLong();

        // A retried job registers nothing new.
        register(body("tiny-mlp-pruned", mlp, sha, lineage)).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id));
        assertThat(versions("tiny-mlp-pruned")).isEqualTo(1);

        // The registered model is usable: predict returns a probability row per input.
        List<Integer> pixels = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            pixels.add(i * 16);
        }
        JsonNode p = body(mvc.perform(post("/api/v1/models/" + id + "/predict").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("inputs", List.of(pixels, pixels))))).andExpect(status().isOk())
                .andReturn());
        assertThat(p.get("predictions")).hasSize(2);
        double sum = 0;
        for (JsonNode v : p.get("predictions").get(0).get("probabilities")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));

        // Another job registering under the same name gets version 2. The lineage is shaped as pruning-service's
        // PruningJobHandler sends it: ids as strings, the parent must exist.
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("jobId", "99999999-2222-3333-4444-555555555555");
        child.put("pruningJobId", "99999999-2222-3333-4444-555555555555");
        child.put("parentModelId", Long.toString(id));
        child.put("datasetId", "1");
        child.put("source", "pruning");
        child.put("criterion", "CLASS_AWARE");
        child.put("normalization", Map.of("kind", "image", "mean", List.of(0.13), "std", List.of(0.31)));
        child.put("classNames", List.of("a", "b", "c"));
        register(body("tiny-mlp-pruned", mlp, storedWeights(mlp, 8), child)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.lineage.parentModelId").value(Long.toString(id)));
    }

    @Test
    void badFieldsAre400sNamingTheFieldAndWriteNothing() throws Exception {
        String sha = storedWeights(mlp, 3);
        ModelSpec other = ModelZoo.mlp(new int[] {1, 4, 4}, new int[] {5}, 3);
        Map<String, Object> noLineage = Map.of();

        expect400(body("", mlp, sha, noLineage), "name");
        expect400(body("has spaces", mlp, sha, noLineage), "name");
        Map<String, Object> badKind = body("bad-kind", mlp, sha, noLineage);
        badKind.put("kind", "quantum");
        expect400(badKind, "kind");
        Map<String, Object> noSpec = body("no-spec", mlp, sha, noLineage);
        noSpec.remove("spec");
        expect400(noSpec, "spec");
        expect400(body("bad-sha", mlp, "abc", noLineage), "weightsSha");
        expect400(body("unknown-sha", mlp, "0".repeat(64), noLineage), "weightsSha");
        // Weights of a 16-8-3 MLP do not fit a 16-5-3 one.
        expect400(body("wrong-weights", other, sha, noLineage), "weightsSha");
        expect400(body("no-parent", mlp, sha, Map.of("parentModelId", 987654321)), "lineage.parentModelId");
        expect400(body("bad-norm", mlp, sha, Map.of("normalization",
                Map.of("kind", "image", "mean", List.of(0.1, 0.2), "std", List.of(0.3, 0.4)))),
                "lineage.normalization.mean");

        // An invalid spec names the layer under "spec".
        Map<String, Object> invalid = body("invalid-spec", mlp, sha, noLineage);
        String specJson = json.writeValueAsString(invalid.get("spec")).replace("\"out\":8", "\"out\":0");
        invalid.put("spec", json.readTree(specJson));
        JsonNode problem = body(register(invalid).andExpect(status().isBadRequest()).andReturn());
        assertThat(problem.toString()).contains("spec.");

        for (String name : List.of("bad-kind", "no-spec", "bad-sha", "unknown-sha", "wrong-weights", "no-parent",
                "bad-norm", "invalid-spec")) {
            assertThat(versions(name)).as(name).isZero();
        }
    }

    private void expect400(Map<String, Object> body, String field) throws Exception {
        register(body).andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }
}
