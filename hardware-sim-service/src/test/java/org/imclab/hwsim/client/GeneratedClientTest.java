package org.imclab.hwsim.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.imclab.client.hwsim.ApiClient;
import org.imclab.client.hwsim.ApiException;
import org.imclab.client.hwsim.ApiResponse;
import org.imclab.client.hwsim.api.SimulationJobsApi;
import org.imclab.client.hwsim.model.CostComparison;
import org.imclab.client.hwsim.model.FieldError;
import org.imclab.client.hwsim.model.ModelRef;
import org.imclab.client.hwsim.model.Problem;
import org.imclab.client.hwsim.model.SimulationJob;
import org.imclab.client.hwsim.model.SimulationRequest;
import org.imclab.common.testsupport.HttpDatabaseTest;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Java client openapi-generator makes from the committed docs/openapi/hwsim.json (native library: the JDK
 * HttpClient and Jackson, generated at build time, never committed) works against the real service: a
 * submission answers 202 with Location, the finished job's result deserializes as the typed CostComparison
 * its discriminator names, and a 400 is a Problem the client can read. The workers run, so the job finishes.
 */
@SpringBootTest(classes = HardwareSimServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "imclab.webhooks.enabled=false")
class GeneratedClientTest extends HttpDatabaseTest {

    ApiClient client;
    SimulationJobsApi simulations;

    @BeforeEach
    void client() {
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        // A pipeline's client sends an API key to the gateway, which signs what it forwards to the service; with
        // no gateway in between, the test signs each request itself.
        Supplier<Map<String, String>> caller = ApiFuzzing.callerHeaders(env);
        client.setRequestInterceptor(request -> caller.get().forEach(request::header));
        simulations = new SimulationJobsApi(client);
    }

    @Test
    void submitsACostSimulationAndReadsItsTypedResult() throws Exception {
        SimulationRequest request = new SimulationRequest().type(SimulationRequest.TypeEnum.COST)
                .model(new ModelRef().zoo("resnet18").input(List.of(3, 224, 224)).classes(1000))
                .preset("isaac-puma").crossbarBudget(64).batch(1).experiment("generated-client");

        ApiResponse<SimulationJob> submitted = simulations.submitSimulationJobWithHttpInfo(request,
                "generated-client-" + UUID.randomUUID());

        assertThat(submitted.getStatusCode()).isEqualTo(202);
        UUID id = submitted.getData().getId();
        assertThat(submitted.getHeaders().get("location")).containsExactly("/api/v1/simulations/" + id);
        SimulationJob done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> simulations.getSimulationJob(id), job -> job.getState() == SimulationJob.StateEnum.SUCCEEDED);
        assertThat(done.getKind()).isEqualTo(SimulationJob.KindEnum.SIMULATION);
        assertThat(done.getRequest().getModel().getZoo()).isEqualTo("resnet18");
        CostComparison cost = done.getResult().getCostComparison();
        assertThat(cost.getType()).isEqualTo(CostComparison.TypeEnum.COST);
        assertThat(cost.getModel()).startsWith("resnet18");
        assertThat(cost.getBaseline().getCycles()).isPositive();
        // BasisN's point: fewer cycles and less EDP than reprogramming the crossbars layer by layer.
        assertThat(cost.getRatios().getCycles()).isBetween(0.0, 1.0);
        assertThat(cost.getRatios().getEdp()).isBetween(0.0, 1.0);
    }

    @Test
    void badInputIsAProblemTheClientReads() throws Exception {
        SimulationRequest noModel = new SimulationRequest().type(SimulationRequest.TypeEnum.COST);

        ApiException e = catchThrowableOfType(ApiException.class, () -> simulations.submitSimulationJob(noModel, null));

        assertThat(e.getCode()).isEqualTo(400);
        assertThat(e.getResponseHeaders().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getErrors()).extracting(FieldError::getField).contains("model");
    }
}
