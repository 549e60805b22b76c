package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryModel;
import org.imclab.common.registry.TrainingRegistryClient;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.pruning.PruningServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** The pruning job API on the real service and database, with training-service's registry mocked. */
@SpringBootTest(classes = PruningServiceApplication.class, properties = {"imclab.webhooks.enabled=false",
        "imclab.worker.poll=200ms"})
class PruningJobApiTest extends MockMvcDatabaseTest {

    @Autowired
    ArtifactStore artifacts;
    @MockitoBean
    TrainingRegistryClient registry;

    private final ModelSpec spec = PruningFixtures.smallVgg();

    @BeforeEach
    void registryHoldsASmallVggAndTwoDataSets() throws Exception {
        String weightsSha = PruningFixtures.storeRandomWeights(artifacts, spec, 21);
        JsonNode specJson = json.readTree(spec.toJson());
        when(registry.findModel(anyString())).thenReturn(Optional.empty());
        when(registry.findDataset(anyString())).thenReturn(Optional.empty());
        when(registry.findModel("vgg")).thenReturn(Optional.of(new RegistryModel("vgg", specJson, weightsSha, "standard",
                "quadrants", null, null, null, null, specJson)));
        String dataSha = PruningFixtures.storeNpz(artifacts, PruningFixtures.quadrants(20, 1, 12, 7));
        when(registry.findDataset("quadrants")).thenReturn(Optional.of(new RegistryDataset("quadrants", dataSha, null,
                new int[] {1, 12, 12}, PruningFixtures.CLASSES, null, null, null, null)));
        when(registry.findDataset("ten-classes")).thenReturn(Optional.of(new RegistryDataset("ten-classes", dataSha,
                null, new int[] {1, 12, 12}, 10, null, null, null, null)));
        when(registry.registerModel(any())).thenReturn("vgg-pruned-1");
    }

    private MvcResult submit(String body) throws Exception {
        return mvc.perform(post("/api/v1/pruning-jobs").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private void expect400(String body, String field) throws Exception {
        MvcResult r = submit(body);
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(400);
        JsonNode errors = json.readTree(r.getResponse().getContentAsString()).get("errors");
        assertThat(errors.get(0).get("field").asString()).as(body).isEqualTo(field);
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        expect400("{\"modelId\":\"nope\",\"datasetId\":\"quadrants\"}", "modelId");
        expect400("{\"datasetId\":\"quadrants\"}", "modelId");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"nope\"}", "datasetId");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"ten-classes\"}", "datasetId");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"tau\":1.5}", "tau");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"maxFractionPerIteration\":0}",
                "maxFractionPerIteration");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"maxFractionPerIteration\":1.2}",
                "maxFractionPerIteration");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"kMin\":5}", "kMin");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"targetMacReduction\":1.0}", "targetMacReduction");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"targetMacReduction\":-0.1}", "targetMacReduction");
        // 8 and 16 channels kept at 8 and 16: nothing can go, so 50% is impossible.
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"targetMacReduction\":0.5,\"minChannels\":16}",
                "targetMacReduction");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"criterion\":\"L1_NORM\"}", "targetMacReduction");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"criterion\":\"L1_NORM\",\"targetMacReduction\":0}",
                "targetMacReduction");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"maxAccuracyDrop\":2}", "maxAccuracyDrop");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"acuracyFloor\":0.9}", "acuracyFloor");
        expect400("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"criterion\":\"RANDOM\",\"matchJobId\":"
                + "\"00000000-0000-0000-0000-000000000001\"}", "matchJobId");
    }

    private JsonNode awaitDone(String location) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String state = json.readTree(mvc.perform(get(location)).andReturn().getResponse().getContentAsString())
                    .get("state").asString();
            return state.equals("SUCCEEDED") || state.equals("FAILED");
        });
        JsonNode job = json.readTree(mvc.perform(get(location)).andReturn().getResponse().getContentAsString());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    @Test
    void classAwareJobStoresImportanceRegistersTheSmallerModelAndABaselineMatchesItsMacs() throws Exception {
        MvcResult r = submit("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"targetMacReduction\":0.5,"
                + "\"maxFractionPerIteration\":0.5,\"samplesPerClass\":8,\"batchSize\":16,\"fineTuneEpochs\":1,"
                + "\"l1Regularization\":true,\"orthogonalityRegularization\":true,\"experiment\":\"pruning-api\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(202);
        String location = r.getResponse().getHeader("Location");
        JsonNode job = awaitDone(location);
        JsonNode result = job.get("result");
        long originalMacs = SpecAnalysis.analyze(spec).totalMacs();
        assertThat(result.get("final").get("macs").asLong()).isLessThanOrEqualTo(originalMacs / 2);
        assertThat(result.get("final").get("params").asLong()).isLessThan(result.get("original").get("params").asLong());
        assertThat(result.get("registeredModelId").asString()).isEqualTo("vgg-pruned-1");
        int iterations = result.get("iterations").asInt();
        assertThat(iterations).isGreaterThanOrEqualTo(1);

        JsonNode importance = json.readTree(mvc.perform(get(location + "/importance?iteration=1"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(importance.get("conv1").size()).isEqualTo(8);
        assertThat(importance.get("conv1").get(0).size()).isEqualTo(PruningFixtures.CLASSES);
        assertThat(importance.get("conv2").size()).isEqualTo(16);
        mvc.perform(get(location + "/importance?iteration=99")).andExpect(status().isNotFound());
        mvc.perform(get(location + "/importance?iteration=0")).andExpect(status().isBadRequest());
        mvc.perform(get(location + "/iterations")).andExpect(jsonPath("$.length()").value(iterations))
                .andExpect(jsonPath("$[0].channels.conv1").exists())
                .andExpect(jsonPath("$[0].accuracyAfterPruning").exists())
                .andExpect(jsonPath("$[0].accuracyAfterFineTuning").exists());

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(registry).registerModel(body.capture());
        assertThat(body.getValue().get("kind")).isEqualTo("standard");
        assertThat((Map<String, Object>) body.getValue().get("lineage")).containsEntry("parentModelId", "vgg")
                .containsEntry("pruningJobId", job.get("id").asString());

        double reduction = result.get("final").get("macReduction").asDouble();
        // The baseline is checked for matching the MACs only. The fixture model is near chance and the floor is
        // measured on 8 validation images, so any relative floor would hinge on one image: an absolute floor
        // of 0 takes accuracy out of this check (the floor itself is tested below).
        MvcResult b = submit("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"criterion\":\"L1_NORM\","
                + "\"matchJobId\":\"" + job.get("id").asString() + "\",\"maxFractionPerIteration\":0.5,"
                + "\"samplesPerClass\":8,\"batchSize\":16,\"accuracyFloor\":0,\"register\":false}");
        assertThat(b.getResponse().getStatus()).isEqualTo(202);
        JsonNode baseline = awaitDone(b.getResponse().getHeader("Location")).get("result");
        assertThat(baseline.get("targetMacReduction").asDouble()).isEqualTo(reduction);
        assertThat(baseline.get("final").get("macReduction").asDouble()).isGreaterThanOrEqualTo(reduction - 1e-9);
    }

    @Test
    void defaultsPruneToHalfTheMacsWithAFloorRelativeToTheUnprunedAccuracy() throws Exception {
        MvcResult r = submit("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"samplesPerClass\":8,"
                + "\"batchSize\":16,\"maxFractionPerIteration\":0.5,\"register\":false}");
        assertThat(r.getResponse().getStatus()).isEqualTo(202);
        JsonNode result = awaitDone(r.getResponse().getHeader("Location")).get("result");
        assertThat(result.get("targetMacReduction").asDouble()).isEqualTo(0.5);
        assertThat(result.get("accuracyFloor").asDouble())
                .isEqualTo(Math.max(0, result.get("original").get("validationAccuracy").asDouble() - 0.02));
        double reduction = result.get("final").get("macReduction").asDouble();
        assertThat(reduction).isGreaterThan(0);
        List<String> warnings = result.get("warnings").valueStream().map(JsonNode::asString).toList();
        if (reduction >= 0.5 - 1e-3) {
            assertThat(warnings).as(result.toString()).isEmpty();
        } else {
            assertThat(warnings).as(result.toString()).anyMatch(w -> w.startsWith("MAC target not reached"));
        }
    }

    @Test
    void aJobThatDoesLessThanAskedSucceedsWithWarnings() throws Exception {
        // kMin 0 with the rule alone: no filter serves fewer than 0 classes, so nothing can go.
        JsonNode nothing = awaitDone(submit("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"kMin\":0,"
                + "\"targetMacReduction\":0,\"samplesPerClass\":8}").getResponse().getHeader("Location"))
                .get("result");
        assertThat(nothing.get("final").get("macReduction").asDouble()).isEqualTo(0.0);
        assertThat(nothing.has("registeredModelId")).isFalse();
        assertThat(nothing.get("warnings").get(0).asString()).startsWith("nothing was pruned: no filter")
                .contains("kMin = 0");
        assertThat(nothing.get("warnings").get(1).asString()).startsWith("not registered");

        // A floor no pruned model can meet without fine-tuning: the first iteration is dropped.
        JsonNode floor = awaitDone(submit("{\"modelId\":\"vgg\",\"datasetId\":\"quadrants\",\"accuracyFloor\":1.0,"
                + "\"fineTuneEpochs\":0,\"samplesPerClass\":8,\"register\":false}").getResponse()
                .getHeader("Location")).get("result");
        assertThat(floor.get("stopReason").asString()).isEqualTo(PruningLoop.STOP_FLOOR);
        assertThat(floor.get("iterations").asInt()).isZero();
        List<String> warnings = floor.get("warnings").valueStream().map(JsonNode::asString).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("nothing was pruned: the first iteration's validation accuracy")
                .contains("accuracy floor 1.0000");
        assertThat(warnings.get(1)).startsWith("MAC target not reached: removed 0.000 of the MACs, asked 0.500");
    }
}
