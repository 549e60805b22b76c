package org.imclab.common.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

/** Which problem answers each shape of operation gets, and that declared answers are kept. */
class ProblemResponsesTest {

    @Test
    void statusesFollowTheOperationsShape() {
        Operation list = ok();
        Operation submit = ok().requestBody(new RequestBody())
                .addParametersItem(new HeaderParameter().name("Idempotency-Key"));
        Operation get = ok().addParametersItem(new PathParameter().name("id"));
        Operation admin = ok();
        Operation actuator = ok();
        OpenAPI api = new OpenAPI().paths(new Paths()
                .addPathItem("/api/v1/things", new PathItem().get(list).post(submit))
                .addPathItem("/api/v1/things/{id}", new PathItem().get(get))
                .addPathItem("/api/v1/admin/keys", new PathItem().get(admin))
                .addPathItem("/actuator/health", new PathItem().get(actuator)));

        new ProblemResponses().customise(api);

        assertThat(list.getResponses()).containsOnlyKeys("200", "401", "429", "503");
        assertThat(submit.getResponses()).containsOnlyKeys("200", "400", "401", "403", "409", "413", "415", "429", "503");
        assertThat(get.getResponses()).containsOnlyKeys("200", "400", "401", "404", "429", "503");
        assertThat(admin.getResponses()).containsOnlyKeys("200", "401", "403", "429", "503");
        assertThat(actuator.getResponses()).containsOnlyKeys("200");
        assertThat(submit.getResponses().get("409").get$ref()).isEqualTo("#/components/responses/Conflict");
        ApiResponse tooMany = api.getComponents().getResponses().get("TooManyRequests");
        assertThat(tooMany.getHeaders()).containsKey("Retry-After");
        assertThat(tooMany.getContent()).containsOnlyKeys("application/problem+json");
        assertThat(tooMany.getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(api.getComponents().getSchemas().get("Problem").getProperties()).containsKeys("status", "errors");
    }

    @Test
    void anAnswerTheOperationDeclaresIsKept() {
        ApiResponse own = new ApiResponse().description("the controller's own 404");
        Operation get = ok().addParametersItem(new PathParameter().name("id"));
        get.getResponses().addApiResponse("404", own);
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/api/v1/things/{id}", new PathItem().get(get)));

        new ProblemResponses().customise(api);

        assertThat(get.getResponses().get("404")).isSameAs(own);
    }

    @Test
    void jobSchemasAreNamedAfterTheirKind() {
        assertThat(JobContract.schemaName("training")).isEqualTo("TrainingJob");
        assertThat(JobContract.schemaName("dataset-import")).isEqualTo("DatasetImportJob");
        assertThat(JobContract.schemaName("al-study")).isEqualTo("AlStudyJob");
    }

    private static Operation ok() {
        return new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
    }
}
