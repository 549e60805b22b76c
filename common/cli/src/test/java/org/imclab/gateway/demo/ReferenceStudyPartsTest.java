package org.imclab.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The demo's pure parts: settings, JSON extraction, formatting and the summary table. No gateway needed. */
class ReferenceStudyPartsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void settingsHaveDefaultsAndNameABadVariable() {
        DemoSettings d = DemoSettings.fromEnv(Map.of());
        assertThat(d.experiment()).isEqualTo("demo");
        assertThat(d.epochs()).isEqualTo(4);
        assertThat(d.steps()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(d.noiseSigmas()).containsExactly(0.0, 0.1, 0.3);
        assertThat(d.alStrategies()).containsExactly("random", "margin", "deepfool");
        assertThat(d.pruneTarget()).isEqualTo(0.4);

        DemoSettings e = DemoSettings.fromEnv(Map.of("IMCLAB_DEMO_EPOCHS", "2", "IMCLAB_DEMO_STEPS", "1, 6",
                "IMCLAB_DEMO_PRUNE_TARGET", "0", "IMCLAB_DEMO_NOISE", "off", "IMCLAB_DEMO_AL_SEEDS", "7 8"));
        assertThat(e.epochs()).isEqualTo(2);
        assertThat(e.steps()).containsExactlyInAnyOrder(1, 6);
        assertThat(e.pruneTarget()).isNull();
        assertThat(e.noise()).isFalse();
        assertThat(e.alSeeds()).containsExactly(7L, 8L);

        assertThatThrownBy(() -> DemoSettings.fromEnv(Map.of("IMCLAB_DEMO_EPOCHS", "four")))
                .hasMessageContaining("IMCLAB_DEMO_EPOCHS='four'");
        assertThatThrownBy(() -> DemoSettings.fromEnv(Map.of("IMCLAB_DEMO_STEPS", "7")))
                .hasMessageContaining("IMCLAB_DEMO_STEPS");
        assertThatThrownBy(() -> DemoSettings.fromEnv(Map.of("IMCLAB_DEMO_EPOCHS", "0")))
                .hasMessageContaining("[1, 1000]");
    }

    @Test
    void apiKeyComesFromTheEnvironmentThenTheKeyFile(@TempDir Path home) throws Exception {
        assertThat(DemoSettings.apiKey(Map.of("IMCLAB_API_KEY", "imc_a_b", "IMCLAB_ADMIN_KEY", "imc_c_d")))
                .isEqualTo("imc_a_b");
        assertThat(DemoSettings.apiKey(Map.of("IMCLAB_ADMIN_KEY", " imc_c_d\n"))).isEqualTo("imc_c_d");
        Map<String, String> env = Map.of("IMCLAB_HOME", home.toString());
        assertThat(DemoSettings.apiKey(env)).isNull();
        Files.writeString(home.resolve("admin.key"), "imc_1234abcd_ffff\n");
        assertThat(DemoSettings.apiKey(env)).isEqualTo("imc_1234abcd_ffff");
    }

    @Test
    void dependenciesOfSelectedStepsAreAdded() {
        assertThat(ReferenceStudy.withDependencies(Set.of(4))).containsExactly(1, 2, 4);
        assertThat(ReferenceStudy.withDependencies(Set.of(3, 4))).containsExactly(1, 2, 3, 4);
        assertThat(ReferenceStudy.withDependencies(Set.of(5))).containsExactly(1, 2, 5);
        assertThat(ReferenceStudy.withDependencies(Set.of(6))).containsExactly(6);
        assertThat(ReferenceStudy.body("a", 1, "b", null, "c", "x")).containsExactly(Map.entry("a", 1),
                Map.entry("c", "x"));
    }

    @Test
    void locationHeadersBecomeGatewayPaths() {
        assertThat(GatewayClient.pathOf("http://localhost:8081/api/v1/training-jobs/42")).isEqualTo(
                "/api/v1/training-jobs/42");
        assertThat(GatewayClient.pathOf("/api/v1/dataset-imports/7")).isEqualTo("/api/v1/dataset-imports/7");
        assertThat(GatewayClient.pathOf("http://gw:8080/api/v1/x?y=1")).isEqualTo("/api/v1/x?y=1");
        assertThat(GatewayClient.pathOf(null)).isNull();
    }

    @Test
    void problemDetailsBecomeOneLine() {
        String body = """
                {"type":"about:blank","title":"Bad Request","status":400,"detail":"Invalid request",
                 "errors":[{"field":"basisN.fromModelId","message":"model '9' records no BasisN usage"}]}""";
        assertThat(GatewayClient.problemSummary("POST", "/api/v1/simulations", 400, body, JSON)).isEqualTo(
                "HTTP 400 for POST /api/v1/simulations: Invalid request; basisN.fromModelId: model '9' records no "
                        + "BasisN usage");
        assertThat(GatewayClient.problemSummary("GET", "/x", 502, "<html>bad gateway</html>", JSON))
                .isEqualTo("HTTP 502 for GET /x: <html>bad gateway</html>");
        assertThat(GatewayClient.problemSummary("GET", "/x", 503, "", JSON)).isEqualTo("HTTP 503 for GET /x");
    }

    @Test
    void progressLineShowsStateProgressStepAndEta() {
        JsonNode running = json("""
                {"id":"a","state":"RUNNING","progress":0.4213,"currentStep":"epoch 2, batch 300/844",
                 "etaSeconds":190.2}""");
        assertThat(JobFollower.progressLine(running, 110)).isEqualTo(
                "RUNNING    42.1%  epoch 2, batch 300/844  ETA 3m10s  (1m50s)");
        JsonNode queued = json("{\"state\":\"QUEUED\",\"progress\":0,\"currentStep\":null,\"etaSeconds\":null}");
        assertThat(JobFollower.progressLine(queued, 3)).isEqualTo("QUEUED      0.0%  (3s)");
    }

    @Test
    void formatting() {
        assertThat(Fmt.pct(0.98791)).isEqualTo("98.79%");
        assertThat(Fmt.pct(null)).isEqualTo("n/a");
        assertThat(Fmt.ratioPct(0.1172)).isEqualTo("11.7%");
        assertThat(Fmt.ratioPct(0.005684)).isEqualTo("0.568%");
        assertThat(Fmt.ratioPct(0.3622)).isEqualTo("36.2%");
        assertThat(Fmt.sig3(657600)).isEqualTo("6.576e+05");
        assertThat(Fmt.points(0.9870, 0.9893)).isEqualTo("-0.23 pts");
        assertThat(Fmt.duration(42.4)).isEqualTo("42s");
        assertThat(Fmt.duration(302)).isEqualTo("5m02s");
        assertThat(Fmt.duration(3780)).isEqualTo("1h03m");
        assertThat(Fmt.truncate("abcdefgh", 6)).isEqualTo("abc...");
        assertThat(Fmt.truncate("abc", 6)).isEqualTo("abc");
        assertThat(StudyResults.count(416520.0)).isEqualTo("416.5k");
    }

    // The JSON below is what the services returned in a real demo run (docs/demo.md), trimmed.

    @Test
    void picksTheBuiltinDatasetVersionFromAPage() {
        JsonNode real = json("""
                {"items": [{"id": 1, "name": "mnist", "version": 1, "source": "builtin:mnist", "kind": "image",
                 "shape": [1, 28, 28], "numClasses": 10, "splitSeed": 42, "valFraction": 0.1, "testFraction": 0.0,
                 "officialTest": true, "trainSize": 54000, "valSize": 6000, "testSize": 10000}],
                 "next_page_token": null}""");
        JsonNode v = StudyResults.pickDataset(real, "mnist");
        assertThat(StudyResults.datasetLine(v)).isEqualTo(
                "mnist v1 (data set 1, builtin:mnist): 54000 train / 6000 val / 10000 test");

        JsonNode page = json("""
                {"items":[{"id":9,"name":"mnist","version":3,"source":"upload:idx"},
                          {"id":5,"name":"mnist","version":2,"source":"builtin:mnist"},
                          {"id":1,"name":"mnist","version":1,"source":"builtin:mnist"}],"next_page_token":null}""");
        assertThat(Json.id(StudyResults.pickDataset(page, "mnist"), "/id")).isEqualTo("5");
        assertThat(StudyResults.pickDataset(json("{\"items\":[]}"), "mnist")).isNull();
        JsonNode uploads = json("{\"items\":[{\"id\":3,\"name\":\"digits\",\"source\":\"upload:csv\"}]}");
        assertThat(Json.id(StudyResults.pickDataset(uploads, "digits"), "/id")).isEqualTo("3");
    }

    @Test
    void trainingAndBasisNResults() {
        JsonNode training = json("""
                {"epochs": 4, "modelId": 1, "testLoss": 0.03849212908316404, "bestEpoch": 4,
                 "modelName": "lenet5-mnist", "bestMetric": 0.04621068600813548, "resumedFrom": 0,
                 "testSamples": 10000, "modelVersion": 1, "stoppedEarly": false, "testAccuracy": 0.9873}""");
        assertThat(StudyResults.trainingLines(training, 4, 0.985)).containsExactly(
                "test accuracy 98.73% on 10000 images (reference >= 98.50%: met)",
                "4 epochs (best: 4); model lenet5-mnist v1 (id 1)");
        assertThat(StudyResults.trainingLines(json("{\"testAccuracy\":0.97}"), 1, 0.985).get(0))
                .endsWith("(reference >= 98.50%: NOT met)");

        JsonNode basis = json("""
                {"mode": "convert", "rows": 128, "groups": 2, "layers": [{"layer": "conv1", "groupsUsed": 2,
                 "coefficients": 384, "distinctLevels": 12, "nonzeroCoefficients": 246,
                 "reconstructionError": 0.23338105768511105}], "modelId": 2, "basisSize": 64, "coeffBits": 4,
                 "modelName": "lenet5-basisn-mnist", "modelVersion": 1, "testAccuracy": 0.987, "cellsPerValue": 4,
                 "basisCrossbars": 2, "meanGroupsUsed": 2.0, "baselineModelId": 1, "baselineAccuracy": 0.9873,
                 "convertedAccuracy": 0.9093, "accuracyDropPoints": 0.029999999999996696,
                 "coefficientSparsity": 0.30670445261437906, "nonzeroCoefficients": 27155,
                 "prePruneMeanGroupsUsed": null}""");
        assertThat(StudyResults.basisNLines(basis)).containsExactly(
                "test accuracy 98.70% vs source 98.73% (-0.03 pts); right after conversion 90.93%",
                "R=128 N=64 4-bit: X_B = 2 crossbars, mean groups used 2.00 of 2, coefficient sparsity 30.7%",
                "model lenet5-basisn-mnist v1 (id 2)");
    }

    @Test
    void costResults() {
        JsonNode lenet = json("""
                {"model": "registry:1", "usage": {"policy": "PER_GROUP", "source": "registry:2", "basisSize": 64,
                 "coeffBits": 4, "denseFallback": [], "basisCrossbars": 2},
                 "basisN": {"mapping": "basisN", "crossbarBudget": 64, "batch": 1, "crossbarsNeeded": 2,
                  "programmingRounds": 0, "basisReplicas": 32, "computeCycles": 280, "programmingCycles": 0.0,
                  "cycles": 280.0, "latencyNs": 28000.0}, "preset": "isaac-puma",
                 "ratios": {"edp": 0.08170951227915833, "cycles": 0.03945885005636979, "energy": 2.0707524969032414,
                  "latency": 0.03945885005636979},
                 "baseline": {"mapping": "reprogramming", "crossbarBudget": 64, "batch": 1, "crossbarsNeeded": 23,
                  "programmingRounds": 0, "basisReplicas": 0, "computeCycles": 7096, "programmingCycles": 0.0,
                  "cycles": 7096.0, "latencyNs": 709600.0}}""");
        assertThat(StudyResults.costLines(lenet)).containsExactly(
                "BasisN/baseline: cycles 3.95%, energy 207%, EDP 8.17%",
                "baseline: 23 crossbars, all resident, no reprogramming, 7096 cycles; BasisN: 280 cycles",
                "isaac-puma, 64 crossbars, batch 1; usage registry:2, N=64, 4-bit, X_B=2");

        JsonNode resnet = json("""
                {"model": "resnet18 [3, 224, 224] x1000", "usage": {"policy": "PER_GROUP", "source": "dense",
                 "basisSize": 64, "coeffBits": 4, "denseFallback": [], "basisCrossbars": 2},
                 "basisN": {"crossbarBudget": 64, "batch": 1, "crossbarsNeeded": 2, "programmingRounds": 0,
                  "cycles": 76794.0}, "preset": "isaac-puma",
                 "ratios": {"edp": 0.09049408204994101, "cycles": 0.11677739907061194, "energy": 0.7749280491786074,
                  "latency": 0.11677739907061194},
                 "baseline": {"crossbarBudget": 64, "batch": 1, "crossbarsNeeded": 2864, "programmingRounds": 50,
                  "cycles": 657610.125}}""");
        assertThat(StudyResults.costLines(resnet)).containsExactly(
                "BasisN/baseline: cycles 11.7%, energy 77.5%, EDP 9.05%",
                "baseline: 2864 crossbars, 50 programming rounds per batch, 6.576e+05 cycles; BasisN: 76794 cycles",
                "isaac-puma, 64 crossbars, batch 1; usage dense, N=64, 4-bit, X_B=2");
    }

    @Test
    void noisyAccuracyResults() {
        JsonNode noisy = json("""
                {"seed": 42, "chips": 3, "points": [{"max": 0.9815, "min": 0.9815, "std": 0.0, "mean": 0.9815,
                 "sigma": 0.0}, {"max": 0.9805, "min": 0.9795, "std": 0.0005000000000000004, "mean": 0.98,
                 "sigma": 0.1}, {"max": 0.977, "min": 0.9605, "std": 0.008892881047969387,
                 "mean": 0.9706666666666667, "sigma": 0.3}], "slices": 4, "adcBits": 8, "mapping": "basisN",
                 "modelId": "2", "samples": 2000, "testSet": "data set 1, test split (10000 samples)",
                 "perturbed": ["basis"], "variation": "LOGNORMAL", "weightBits": 8, "bitsPerCell": 2,
                 "floatAccuracy": 0.9815, "stuckAtOnRate": 0.0, "stuckAtOffRate": 0.0}""");
        assertThat(StudyResults.noisyLines(noisy)).containsExactly(
                "accuracy (mean+-std over chips) sigma 0: 98.15+-0.00%, sigma 0.1: 98.00+-0.05%, sigma 0.3: 97.07+-0.89%",
                "basisN, 3 chips x 2000 images, float 98.15%, 8-bit weights in 2-bit cells, 8-bit ADC");
    }

    @Test
    void pruningResults() {
        JsonNode classAware = json("""
                {"final": {"macs": 245320, "params": 48450, "accuracy": 0.9808, "channels": {"conv1": 4, "conv2": 12},
                 "macReduction": 0.411024680687602, "paramReduction": 0.21482513856026964},
                 "original": {"macs": 416520, "params": 61706, "accuracy": 0.9873}, "criterion": "CLASS_AWARE",
                 "iterations": 2, "stopReason": "MAC target reached", "registeredModelId": null,
                 "registrationError": "training registry at http://localhost:7081 did not register the model: 405 Method Not Allowed: \\"{\\"detail\\":\\"Method 'POST' is not supported.\\",\\"instance\\":\\"/api/v1/models\\",\\"status\\":405,\\"title\\":\\"Method Not Allowed\\"}\\"",
                 "targetMacReduction": 0.4}""");
        JsonNode l1 = json("""
                {"final": {"macs": 245320, "accuracy": 0.9793, "macReduction": 0.411024680687602,
                 "paramReduction": 0.21482513856026964}, "original": {"macs": 416520, "accuracy": 0.9873},
                 "iterations": 2, "stopReason": "MAC target reached", "registeredModelId": 5}""");
        assertThat(StudyResults.pruningLines(classAware)).containsExactly(
                "accuracy 98.73% -> 98.08% (-0.65 pts) at 41.1% fewer MACs (416.5k -> 245.3k)",
                "2 iterations (stop: MAC target reached), params 21.5% fewer, channels conv1=4 conv2=12",
                "not registered: training registry at http://localhost:7081 did not register the model: 405 Method Not "
                        + "Allowed");
        assertThat(StudyResults.pruningLines(l1).get(1)).isEqualTo(
                "2 iterations (stop: MAC target reached), params 21.5% fewer, model id 5");
        assertThat(StudyResults.pruningComparison(classAware, l1)).isEqualTo(
                "class-aware vs L1 at matched MACs (41.1% vs 41.1% fewer): +0.15 pts accuracy");
    }

    @Test
    void activeLearningResultsFollowTheRequestedOrder() {
        // As stored (PostgreSQL jsonb reorders keys): margin, random, deepfool.
        JsonNode study = json("""
                {"seeds": [1, 2, 3], "budget": 300, "classes": 10, "dataset": "digits v1", "features": 64,
                 "poolSize": 1428, "testSize": 369, "batchSize": 20, "summaries": {
                  "margin": {"aulc": 0.9036327268034586, "aulcStd": 0.007974972025025392, "strategy": "margin",
                   "ratioToRandom": 1.0, "labelsToTarget": 220, "seedsReachingTarget": 3},
                  "random": {"aulc": 0.9036327268034586, "aulcStd": 0.007974972025025392, "strategy": "random",
                   "ratioToRandom": 1.0, "labelsToTarget": 220, "seedsReachingTarget": 3},
                  "deepfool": {"aulc": 0.9302168021680218, "aulcStd": 0.0014323120970721143, "strategy": "deepfool",
                   "ratioToRandom": 0.6363636363636364, "labelsToTarget": 140, "seedsReachingTarget": 3}},
                 "candidates": 0, "classifier": {"k": 1, "type": "knn"}, "targetAccuracy": 0.95,
                 "initialLabelled": 20}""");
        assertThat(StudyResults.activeLearningLines(study, List.of("random", "margin", "deepfool"))).containsExactly(
                "digits v1: pool 1428, test 369; k-NN (k=1), seeds 1,2,3; 20 + 20/round -> 300 labels",
                "random   AULC 0.904 +- 0.008, 95% at 220 labels (1.00x random's)",
                "margin   AULC 0.904 +- 0.008, 95% at 220 labels (1.00x random's)",
                "deepfool AULC 0.930 +- 0.001, 95% at 140 labels (0.64x random's)",
                "(1-NN votes are one-hot: margin's scores all tie, so it picks what random picks)");
        JsonNode unreached = json("""
                {"targetAccuracy": 0.99, "classifier": {"k": 5, "type": "knn"}, "summaries": {
                  "random": {"aulc": 0.9, "aulcStd": 0.01, "labelsToTarget": null, "ratioToRandom": null}}}""");
        assertThat(StudyResults.activeLearningLines(unreached, List.of("random"))).endsWith(
                "random AULC 0.900 +- 0.010, 99% not reached");
    }

    @Test
    void failedJobErrorIsItsFirstLine() {
        assertThat(StudyResults.jobError(json("{\"error\":\"IllegalStateException: boom\\n\\tat x.y\"}")))
                .isEqualTo("IllegalStateException: boom");
        assertThat(StudyResults.jobError(json("{\"error\":null}"))).isEqualTo("no error message");
    }

    @Test
    void summaryTableAlignsColumnsAndContinuationLines() {
        Summary s = new Summary();
        s.add(new Summary.Row("1", "MNIST data set", Summary.Outcome.OK, 41, List.of("mnist v1", "imported now")));
        s.add(new Summary.Row("4a", "Cost: LeNet-5", Summary.Outcome.FAILED, 302, List.of("HTTP 400")));
        s.add(new Summary.Row("5b", "Pruning: L1", Summary.Outcome.SKIPPED, 0, List.of()));
        assertThat(s.render()).isEqualTo("""
                #   STEP            OUTCOME   TIME  RESULT
                1   MNIST data set  OK         41s  mnist v1
                                                    imported now
                4a  Cost: LeNet-5   FAILED   5m02s  HTTP 400
                5b  Pruning: L1     SKIPPED     0s  -
                """);
        assertThat(s.anyFailed()).isTrue();
        assertThat(s.count(Summary.Outcome.OK)).isEqualTo(1);
    }
}
