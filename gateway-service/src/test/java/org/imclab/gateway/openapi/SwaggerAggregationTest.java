package org.imclab.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One Swagger UI over every service's spec, all of it open without a key. */
class SwaggerAggregationTest extends GatewayTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"training", "hwsim", "pruning"})
    void serviceSpecIsProxiedAndPointedAtTheGateway(String service) {
        HttpResponse<String> response = send(request("/v3/api-docs/" + service).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode spec = json(response);
        assertThat(spec.get("info").get("title").asString()).isEqualTo(service);
        assertThat(spec.get("paths").has("/api/v1/" + service + "-thing")).isTrue();
        assertThat(spec.get("servers").get(0).get("url").asString()).isEqualTo("/");
        // The key schemes the Authorize button uses come from the service's own spec (common's ApiKeySecurity),
        // and pass through untouched.
        assertThat(spec.get("components").get("securitySchemes").get("bearerAuth").get("scheme").asString())
                .isEqualTo("bearer");
    }

    @Test
    void gatewaySpecDocumentsTheAdminApiAndTheKeySchemes() {
        HttpResponse<String> response = send(request("/v3/api-docs").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode spec = json(response);
        assertThat(spec.get("paths").has("/api/v1/admin/api-keys")).isTrue();
        assertThat(spec.get("components").get("securitySchemes").has("bearerAuth")).isTrue();
        assertThat(spec.get("components").get("securitySchemes").get("apiKeyHeader").get("name").asString())
                .isEqualTo("X-API-Key");
    }

    @Test
    void swaggerUiListsEveryServiceSpec() {
        HttpResponse<String> config = send(request("/v3/api-docs/swagger-config").GET());
        HttpResponse<String> ui = send(request("/swagger-ui/index.html").GET());

        assertThat(config.statusCode()).isEqualTo(200);
        List<String> urls = new ArrayList<>();
        json(config).get("urls").forEach(u -> urls.add(u.get("url").asString()));
        assertThat(urls).containsExactlyInAnyOrder("/v3/api-docs/training", "/v3/api-docs/hwsim",
                "/v3/api-docs/pruning", "/v3/api-docs");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(send(request("/swagger-ui.html").GET()).statusCode()).isIn(200, 302);
    }
}
