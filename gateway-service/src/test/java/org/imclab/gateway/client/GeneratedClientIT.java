package org.imclab.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.imclab.client.hwsim.api.SimulationJobsApi;
import org.imclab.client.hwsim.model.CostComparison;
import org.imclab.client.hwsim.model.SimulationJob;
import org.imclab.client.hwsim.model.SimulationRequest;
import org.imclab.client.training.ApiClient;
import org.imclab.client.training.ApiException;
import org.imclab.client.training.api.DatasetControllerApi;
import org.imclab.client.training.api.ModelControllerApi;
import org.imclab.client.training.api.TrackingControllerApi;
import org.imclab.client.training.api.TrainingJobsApi;
import org.imclab.client.training.model.DatasetImportJob;
import org.imclab.client.training.model.DatasetImportRequest;
import org.imclab.client.training.model.FieldError;
import org.imclab.client.training.model.MetricPoint;
import org.imclab.client.training.model.ModelChoice;
import org.imclab.client.training.model.Problem;
import org.imclab.client.training.model.TrainingJob;
import org.imclab.client.training.model.TrainingRequest;
import org.imclab.client.training.model.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline written against the Java clients openapi-generator makes from the committed docs/openapi specs
 * (native library, generated at build time, never committed), run through the gateway of a live stack with an
 * API key: list data sets, import MNIST, train LeNet-5 for one epoch, read its metrics, download the weights,
 * simulate on crossbars, and read a 400 problem. Job results arrive typed (TrainingResult.testAccuracy,
 * CostComparison.ratios). Runs only under the e2e profile, after scripts/e2e.sh's demo:
 * {@code IMCLAB_E2E_URL=http://localhost:8080 IMCLAB_E2E_KEY=imc_... mvn -Pe2e -pl gateway-service -am
 * test-compile failsafe:integration-test failsafe:verify}.
 */
class GeneratedClientIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);

    private static ApiClient training;
    private static org.imclab.client.hwsim.ApiClient hwsim;

    @BeforeAll
    static void clients() {
        String url = System.getenv().getOrDefault("IMCLAB_E2E_URL", "http://localhost:8080");
        String key = System.getenv("IMCLAB_E2E_KEY");
        assertThat(key).as("IMCLAB_E2E_KEY").isNotBlank();
        Supplier<String> bearer = () -> "Bearer " + key;
        training = new ApiClient();
        training.updateBaseUri(url);
        training.setRequestInterceptor(request -> request.header("Authorization", bearer.get()));
        hwsim = new org.imclab.client.hwsim.ApiClient();
        hwsim.updateBaseUri(url);
        hwsim.setRequestInterceptor(request -> request.header("Authorization", bearer.get()));
    }

    @Test
    void trainsOnMnistReadsMetricsAndDownloadsTheWeights() throws Exception {
        DatasetControllerApi datasets = new DatasetControllerApi(training);
        assertThat(datasets.listDataset(null, 20, null).getItems()).isNotNull();

        // The demo imported MNIST with this split already: the import job finds that version.
        DatasetImportJob imported = datasets.importBuiltinDataset(new DatasetImportRequest().name("mnist").splitSeed(42L)
                .valFraction(0.1).experiment("generated-client"), "generated-client-mnist-" + UUID.randomUUID());
        var importJobs = new org.imclab.client.training.api.DatasetImportJobsApi(training);
        DatasetImportJob done = await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> importJobs.getDatasetImportJob(imported.getId()), j -> isOver(j.getState().getValue()));
        assertThat(done.getState()).isEqualTo(DatasetImportJob.StateEnum.SUCCEEDED);
        long datasetId = done.getResult().getDatasetId();
        assertThat(done.getResult().getTrainSize()).isGreaterThan(50_000);

        TrainingJobsApi trainingJobs = new TrainingJobsApi(training);
        TrainingJob submitted = trainingJobs.submitTrainingJob(new TrainingRequest().datasetId(datasetId)
                .model(new ModelChoice().name("lenet5")).optimizer("adam").learningRate(0.001).epochs(1).batchSize(64)
                .seed(42L).experiment("generated-client"), null);
        TrainingJob trained = await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .until(() -> trainingJobs.getTrainingJob(submitted.getId()), j -> isOver(j.getState().getValue()));
        assertThat(trained.getState()).as(trained.getError()).isEqualTo(TrainingJob.StateEnum.SUCCEEDED);
        TrainingResult result = trained.getResult();
        // One LeNet-5 epoch on MNIST lands near 97-98 %; 0.9 fails only a broken pipeline.
        assertThat(result.getTestAccuracy()).isGreaterThan(0.9);
        assertThat(result.getEpochs()).isEqualTo(1);

        Map<String, List<MetricPoint>> metrics = new TrackingControllerApi(training).metricsTracking(trained.getRunId());
        assertThat(metrics).containsKeys("train_loss", "val_acc");
        assertThat(metrics.get("val_acc")).singleElement().satisfies(p -> assertThat(p.getValue()).isGreaterThan(0.9));

        File weights = new ModelControllerApi(training).weightsModel(result.getModelId());
        assertThat(Files.size(weights.toPath())).isGreaterThan(100_000);
    }

    @Test
    void simulatesOnCrossbarsWithATypedResult() throws Exception {
        SimulationJobsApi simulations = new SimulationJobsApi(hwsim);
        SimulationJob submitted = simulations.submitSimulationJob(new SimulationRequest().type(SimulationRequest.TypeEnum.COST)
                .model(new org.imclab.client.hwsim.model.ModelRef().zoo("resnet18").input(List.of(3, 224, 224)).classes(1000))
                .preset("isaac-puma").crossbarBudget(64).batch(1).experiment("generated-client"), null);
        SimulationJob done = await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> simulations.getSimulationJob(submitted.getId()), j -> isOver(j.getState().getValue()));

        assertThat(done.getState()).isEqualTo(SimulationJob.StateEnum.SUCCEEDED);
        CostComparison cost = done.getResult().getCostComparison();
        assertThat(cost.getRatios().getEdp()).isBetween(0.0, 1.0);
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> new TrainingJobsApi(training).submitTrainingJob(new TrainingRequest().epochs(-1), null));

        assertThat(e.getCode()).isEqualTo(400);
        Problem problem = training.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getErrors()).extracting(FieldError::getField).contains("epochs");
    }

    private static boolean isOver(String state) {
        return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
    }
}
