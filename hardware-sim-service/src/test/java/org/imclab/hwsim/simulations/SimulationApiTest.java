package org.imclab.hwsim.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CostReport;
import org.imclab.hwsim.cost.CrossbarCostModel;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.noise.LocalModels;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.ModelSource;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hardware-sim REST API on a real PostgreSQL: presets, COST / SWEEP / NOISY_ACCURACY jobs through
 * the shared job machinery with their tracked metrics, and 400 problem+json naming the field.
 */
@SpringBootTest(classes = HardwareSimServiceApplication.class, properties = {"imclab.tracking.read-api=true",
        "imclab.webhooks.secret=simulation-api-test-webhook-secret"})
@Import(SimulationApiTest.LocalRegistry.class)
class SimulationApiTest extends MockMvcDatabaseTest {

    @TestConfiguration
    static class LocalRegistry {
        @Bean
        @Primary
        InMemoryModelSource localModels() {
            InMemoryModelSource source = new InMemoryModelSource();
            source.put(LocalModels.untrainedLeNet(3));
            EvaluableModel lenet = LocalModels.untrainedLeNet(3);
            source.put(new EvaluableModel("lenet5-counted", lenet.spec(), lenet.weights(), lenet.basisFactory(),
                    lenet.testSet()));
            ModelSpec resnet = ModelZoo.byName("resnet18", new int[] {3, 32, 32}, 100);
            // A registered BasisN usage: N = 64, 4-bit coefficients, basis split into 4 model groups;
            // conv1 uses 1 group with 100 nonzeros, the rest is not listed (charged dense).
            JsonNode usage = JsonMapper.builder().build().readTree("""
                    {"basisSize": 64, "coeffBits": 4, "groups": 4,
                     "layers": [{"layer": "conv1", "groupsUsed": 1, "nonzeroCoefficients": 100}]}""");
            source.put(new ModelSource.ModelDescription("basisn-resnet18", resnet, "basisn", usage));
            return source;
        }
    }

    @Autowired
    InMemoryModelSource models;

    private JsonNode submitAndWait(String payload) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/simulations").contentType(MediaType.APPLICATION_JSON).content(payload))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andReturn();
        String id = body(r).get("id").asString();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String state = body(mvc.perform(get("/api/v1/simulations/" + id)).andReturn()).get("state").asString();
            return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
        });
        JsonNode job = body(mvc.perform(get("/api/v1/simulations/" + id)).andReturn());
        assertThat(job.get("state").asString()).as("job error: %s", job.get("error")).isEqualTo("SUCCEEDED");
        assertThat(job.get("runId").asString()).isEqualTo(id);
        return job;
    }

    @Test
    void presetsListEveryConstantWithUnitAndSourceAndUnknownIs404() throws Exception {
        mvc.perform(get("/api/v1/crossbar-presets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].name").value("isaac-puma"))
                .andExpect(jsonPath("$[1].name").value("neurosim-rram"))
                .andExpect(jsonPath("$[2].name").value("mnsim"))
                .andExpect(jsonPath("$[0].constants.length()").value(CrossbarParams.KEYS.size()));
        JsonNode isaac = body(mvc.perform(get("/api/v1/crossbar-presets/isaac-puma")).andExpect(status().isOk()).andReturn());
        assertThat(isaac.get("origin").asString()).contains("ISAAC");
        assertThat(isaac.get("params").get("rows").asInt()).isEqualTo(128);
        for (JsonNode c : isaac.get("constants")) {
            assertThat(c.get("key").asString()).isIn(CrossbarParams.KEYS);
            assertThat(c.get("source").asString()).isNotBlank();
            assertThat(c.has("unit")).isTrue();
        }
        JsonNode adc = isaac.get("constants").valueStream()
                .filter(c -> c.get("key").asString().equals("adcEnergyPerConversionPj")).findFirst().orElseThrow();
        assertThat(adc.get("unit").asString()).isEqualTo("pJ");
        assertThat(adc.get("value").asDouble()).isCloseTo(1.5625, within(1e-9));
        mvc.perform(get("/api/v1/crossbar-presets/tpu"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void costJobComparesBothMappingsForImageNetResNet18AndTracksTheRatios() throws Exception {
        JsonNode job = submitAndWait("""
                {"type": "COST", "model": {"zoo": "resnet18", "input": [3, 224, 224], "classes": 1000},
                 "preset": "isaac-puma", "overrides": {"writeVerifyIterations": 10}, "crossbarBudget": 64, "batch": 1,
                 "basisN": {"basisSize": 64, "coeffBits": 4}, "experiment": "hwsim-api-test"}""");
        JsonNode result = job.get("result");

        List<LayerInfo> layers = SpecAnalysis.analyze(ModelZoo.byName("resnet18", new int[] {3, 224, 224}, 1000)).layers();
        CrossbarParams p = CrossbarPresets.get("isaac-puma");
        CrossbarCostModel model = new CrossbarCostModel();
        CostReport base = model.reprogramming(layers, p, 64, 1);
        CostReport basis = model.basisN(layers, p, 64, 1, BasisNUsage.dense(layers, 64, 4, p));

        assertThat(result.get("baseline").get("cycles").asDouble()).isEqualTo(base.cycles());
        assertThat(result.get("basisN").get("cycles").asDouble()).isEqualTo(basis.cycles());
        assertThat(result.get("baseline").get("layers").size()).isEqualTo(21);
        assertThat(result.get("baseline").get("energy").get("programmingPj").asDouble()).isPositive();
        assertThat(result.get("basisN").get("oneTimeProgramming").get("energyPj").asDouble()).isPositive();
        assertThat(result.get("ratios").get("cycles").asDouble()).isCloseTo(basis.cycles() / base.cycles(), within(1e-12));
        assertThat(result.get("ratios").get("edp").asDouble()).isCloseTo(basis.edpPjNs() / base.edpPjNs(), within(1e-12));
        assertThat(result.get("usage").get("source").asString()).isEqualTo("dense");
        assertThat(result.get("usage").get("basisCrossbars").asLong()).isEqualTo(2);

        String id = job.get("id").asString();
        mvc.perform(get("/api/v1/runs/" + id))
                .andExpect(jsonPath("$.experiment").value("hwsim-api-test"))
                .andExpect(jsonPath("$.params.preset").value("isaac-puma"))
                .andExpect(jsonPath("$.params['overrides.writeVerifyIterations']").value("10.0"))
                .andExpect(jsonPath("$.metrics.cycles_baseline").value(base.cycles()))
                .andExpect(jsonPath("$.metrics.cycles_basisn").value(basis.cycles()))
                .andExpect(jsonPath("$.metrics.ratio_edp").exists())
                .andExpect(jsonPath("$.metrics.energy_pj_basisn").exists())
                .andExpect(jsonPath("$.metrics.edp_pj_ns_baseline").exists());
    }

    @Test
    void sweepJobReturnsChartSeriesAndLogsEachPoint() throws Exception {
        JsonNode job = submitAndWait("""
                {"type": "SWEEP", "model": {"zoo": "densenet121", "input": [3, 224, 224], "classes": 1000},
                 "basisN": {"basisSize": 128}, "sweep": {"axis": "CROSSBARS", "values": [2, 64, 4096]}}""");
        JsonNode r = job.get("result");
        assertThat(r.get("axis").asString()).isEqualTo("CROSSBARS");
        assertThat(r.get("x").size()).isEqualTo(3);
        // X_B = ceil(128 * 4 / 128) = 4 > 2: BasisN cannot run on 2 crossbars.
        assertThat(r.get("basisNCycles").get(0).isNull()).isTrue();
        assertThat(r.get("basisNInfeasible").get(0).asString()).contains("X_B = 4");
        assertThat(r.get("cycleRatio").get(1).asDouble()).isPositive();
        assertThat(r.get("baselineRounds").get(2).asInt()).isZero();
        assertThat(r.get("baselineCycles").get(0).asDouble()).isGreaterThan(r.get("baselineCycles").get(2).asDouble());

        JsonNode xs = body(mvc.perform(get("/api/v1/runs/" + job.get("id").asString() + "/metrics/x")).andReturn());
        assertThat(xs.size()).isEqualTo(3);
        assertThat(xs.get(1).get("step").asLong()).isEqualTo(1);
        assertThat(xs.get(2).get("value").asDouble()).isEqualTo(4096.0);
        JsonNode ratios = body(mvc.perform(get("/api/v1/runs/" + job.get("id").asString() + "/metrics/ratio_cycles")).andReturn());
        assertThat(ratios.size()).isEqualTo(2);
    }

    @Test
    void neuroSimCostReadsBothMappingsOnTheChipWithMeasuredActivity() throws Exception {
        JsonNode job = submitAndWait("""
                {"type": "COST", "model": {"modelId": "lenet5-untrained"}, "preset": "neurosim-rram",
                 "crossbarBudget": 64}""");
        JsonNode r = job.get("result");
        assertThat(r.get("readModel").asString()).startsWith("chip model").contains("measured");
        // LeNet-5: 2 conv + 3 linear layers, each measured from the real activations and weights.
        assertThat(r.get("workload").size()).isEqualTo(5);
        for (JsonNode l : r.get("workload")) {
            assertThat(l.get("activitySource").asString()).isEqualTo("measured");
            assertThat(l.get("conductanceSource").asString()).isEqualTo("measured");
            assertThat(l.get("inputActivity").asDouble()).isBetween(0.0, 1.0);
            assertThat(l.get("cellLevelShares").size()).isEqualTo(4);
        }
        assertThat(r.get("chip").get("workload").get(0).get("activitySource").asString()).isEqualTo("measured");
        // Both mappings count cycles of one chip read pulse: 18 clocks of 2.03892 ns.
        assertThat(r.get("baseline").get("latencyNs").asDouble())
                .isCloseTo(r.get("baseline").get("cycles").asDouble() * 36.70056, within(1e-3));
        assertThat(r.get("basisN").get("latencyNs").asDouble())
                .isCloseTo(r.get("basisN").get("cycles").asDouble() * 36.70056, within(1e-3));

        JsonNode given = submitAndWait("""
                {"type": "COST", "model": {"modelId": "lenet5-untrained"}, "preset": "neurosim-rram",
                 "crossbarBudget": 64, "inputActivity": 0.25}""").get("result");
        assertThat(given.get("workload").get(0).get("activitySource").asString()).isEqualTo("request");
        assertThat(given.get("workload").get(0).get("inputActivity").asDouble()).isEqualTo(0.25);

        JsonNode puma = submitAndWait("""
                {"type": "COST", "model": {"modelId": "lenet5-untrained"}, "crossbarBudget": 64}""").get("result");
        assertThat(puma.get("readModel").asString()).startsWith("preset constants");
        assertThat(puma.get("workload").isNull()).isTrue();
    }

    @Test
    void neuroSimSweepCarriesTheChipFigures() throws Exception {
        JsonNode job = submitAndWait("""
                {"type": "SWEEP", "model": {"zoo": "resnet18", "input": [3, 32, 32], "classes": 10},
                 "preset": "neurosim-rram", "sweep": {"axis": "CROSSBARS", "values": [64, 8192]}}""");
        JsonNode r = job.get("result");
        assertThat(r.get("readModel").asString()).startsWith("chip model");
        assertThat(r.get("chipNote").isNull()).isTrue();
        assertThat(r.get("chipLatencyNs").size()).isEqualTo(2);
        assertThat(r.get("chipLatencyNs").get(0).asDouble()).isGreaterThan(r.get("chipLatencyNs").get(1).asDouble());
        assertThat(r.get("chipStreamedSubarrays").get(0).asLong()).isPositive();
        assertThat(r.get("chipStreamedSubarrays").get(1).asLong()).isZero();
        assertThat(r.get("chipTopsPerWatt").get(1).asDouble()).isPositive();
        JsonNode metric = body(mvc.perform(get("/api/v1/runs/" + job.get("id").asString() + "/metrics/chip_energy_pj"))
                .andReturn());
        assertThat(metric.size()).isEqualTo(2);

        JsonNode bits = submitAndWait("""
                {"type": "SWEEP", "model": {"zoo": "resnet18", "input": [3, 32, 32], "classes": 10},
                 "preset": "neurosim-rram", "sweep": {"axis": "BITS_PER_CELL", "values": [1, 2]}}""").get("result");
        assertThat(bits.get("readModel").asString()).startsWith("preset constants");
        assertThat(bits.get("chipNote").asString()).contains("one cell precision");
        assertThat(bits.get("chipLatencyNs").get(0).isNull()).isTrue();
    }

    @Test
    void registeredBasisNUsageIsUsedForTheCost() throws Exception {
        JsonNode r = submitAndWait("""
                {"type": "COST", "model": {"modelId": "basisn-resnet18"}, "crossbarBudget": 64}""").get("result");
        assertThat(r.get("usage").get("source").asString()).isEqualTo("registry:basisn-resnet18");
        // 1 of the model's 4 groups maps to ceil(1 * X_B / 4) = 1 of X_B = 2 crossbars.
        assertThat(r.get("usage").get("layers").get("conv1").get("groupsUsed").asInt()).isEqualTo(1);
        assertThat(r.get("usage").get("layers").get("conv1").get("nonzeroCoefficients").asLong()).isEqualTo(100);
        assertThat(r.get("usage").get("denseFallback").size()).isEqualTo(20);
    }

    @Test
    void noisyAccuracyJobRunsMonteCarloInferenceAndTracksEachSigma() throws Exception {
        JsonNode job = submitAndWait("""
                {"type": "NOISY_ACCURACY", "model": {"modelId": "lenet5-untrained"},
                 "noise": {"sigmas": [0.0, 0.5], "chips": 2, "seed": 5, "stuckAtOffRate": 0.01, "maxSamples": 200,
                           "adcBits": 6}}""");
        JsonNode r = job.get("result");
        assertThat(r.get("samples").asInt()).isEqualTo(200);
        assertThat(r.get("adcBits").asInt()).isEqualTo(6);
        assertThat(r.get("points").size()).isEqualTo(2);
        assertThat(r.get("points").get(1).get("accuracies").size()).isEqualTo(2);
        String id = job.get("id").asString();
        assertThat(body(mvc.perform(get("/api/v1/runs/" + id + "/metrics/chip_accuracy")).andReturn()).size()).isEqualTo(4);
        assertThat(body(mvc.perform(get("/api/v1/runs/" + id + "/metrics/accuracy_mean")).andReturn()).size()).isEqualTo(2);
    }

    /**
     * Planned once: the controller describes the model when it accepts the request, and the job, which runs
     * the stored plan, only loads its weights. (Before plans were stored the job described it again.)
     */
    @Test
    void aNoisyAccuracyJobLooksItsModelUpOnceAtSubmitAndLoadsItOnce() throws Exception {
        assertThat(models.lookups("lenet5-counted")).isZero();
        JsonNode job = submitAndWait("""
                {"type": "NOISY_ACCURACY", "model": {"modelId": "lenet5-counted"},
                 "noise": {"sigmas": [0.1], "chips": 1, "seed": 5, "maxSamples": 50}}""");
        assertThat(job.get("result").get("points").size()).isEqualTo(1);
        assertThat(models.lookups("lenet5-counted")).as("one describe at submit, one load in the job").isEqualTo(2);
        JsonNode run = body(mvc.perform(get("/api/v1/runs/" + job.get("id").asString())).andReturn());
        assertThat(run.get("params").get("model").asString()).isEqualTo("registry:lenet5-counted");
        assertThat(run.get("params").get("noise.chips").asString()).isEqualTo("1");
    }

    @Test
    void badRequestsGet400ProblemJsonNamingTheField() throws Exception {
        String model = "\"model\": {\"zoo\": \"resnet18\", \"input\": [3, 32, 32], \"classes\": 100}";
        expect400("{\"type\": \"COST\", " + model + ", \"preset\": \"tpu\"}", "preset");
        expect400("{\"type\": \"COST\", " + model + ", \"overrides\": {\"warpFactor\": 9}}", "overrides.warpFactor");
        expect400("{\"type\": \"COST\", " + model + ", \"overrides\": {\"rows\": -1}}", "overrides.rows");
        expect400("{\"type\": \"COST\", " + model + ", \"crossbarBudget\": 0}", "crossbarBudget");
        // N = 512 on isaac-puma needs X_B = 512 * 4 / 128 = 16 crossbars.
        expect400("{\"type\": \"COST\", " + model + ", \"crossbarBudget\": 8, \"basisN\": {\"basisSize\": 512}}",
                "crossbarBudget");
        expect400("{\"type\": \"COST\", " + model + ", \"batch\": 0}", "batch");
        expect400("{\"type\": \"COST\", \"model\": {\"zoo\": \"alexnet\", \"input\": [3, 224, 224], \"classes\": 1000}}",
                "model.zoo");
        expect400("{\"type\": \"COST\", \"model\": {\"zoo\": \"resnet18\", \"input\": [3, 224], \"classes\": 1000}}",
                "model.input");
        expect400("{\"type\": \"COST\", \"model\": {\"zoo\": \"resnet18\", \"input\": [3, 0, 224], \"classes\": 1000}}",
                "model.input");
        expect400("{\"type\": \"COST\", \"model\": {\"zoo\": \"resnet18\", \"input\": [3, 32, 32], \"modelId\": \"x\"}}",
                "model");
        expect400("{\"type\": \"COST\", \"model\": {\"modelId\": \"no-such-model\"}}", "model.modelId");
        expect400("{\"type\": \"COST\", " + model + ", \"basisN\": {\"fromModelId\": \"lenet5-untrained\"}}",
                "basisN.fromModelId");
        expect400("{\"type\": \"SWEEP\", " + model + "}", "sweep");
        expect400("{\"type\": \"SWEEP\", " + model + ", \"sweep\": {\"values\": [1]}}", "sweep.axis");
        expect400("{\"type\": \"SWEEP\", " + model + ", \"sweep\": {\"axis\": \"BATCH\", \"values\": [0.5]}}",
                "sweep.values");
        expect400("{\"type\": \"NOISY_ACCURACY\", " + model + ", \"noise\": {\"sigmas\": [0.1]}}", "model.modelId");
        expect400("{\"type\": \"NOISY_ACCURACY\", \"model\": {\"modelId\": \"lenet5-untrained\"}}", "noise");
        expect400("{\"type\": \"NOISY_ACCURACY\", \"model\": {\"modelId\": \"lenet5-untrained\"}, \"noise\": {\"sigmas\": []}}",
                "noise.sigmas");
        expect400("{\"type\": \"TELEPORT\", " + model + "}", "type");
        expect400("{" + model + "}", "type");
    }

    @Test
    void specsBeyondTheLimitsAreRefusedNamingTheLayerField() throws Exception {
        String huge = """
                {"name": "huge", "input": [3, 32, 32], "classes": 10, "layers": [
                  {"name": "c1", "type": "conv", "out": 2147483647, "kernel": 3, "padding": 1},
                  {"name": "g", "type": "globalavgpool"}, {"name": "fc", "type": "linear", "out": 10}]}""";
        expect400("{\"type\": \"COST\", \"model\": {\"spec\": " + huge + "}}", "model.spec.layers[0].out");
        expect400("{\"type\": \"COST\", \"model\": {\"zoo\": \"resnet18\", \"input\": [3, 2147483647, 2147483647], "
                + "\"classes\": 1000}}", "model.input");
    }

    private void expect400(String payload, String field) throws Exception {
        mvc.perform(post("/api/v1/simulations").contentType(MediaType.APPLICATION_JSON).content(payload))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }
}
