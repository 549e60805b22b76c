package org.imclab.common.web.openapi;

import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.imclab.common.web.ImclabProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * The API contract every service's /v3/api-docs states, and docs/openapi/*.json commit (OpenApiSpecTest in
 * each module regenerates and compares them): problem answers, API-key security, and the types
 * springdoc would otherwise describe by their Java internals.
 */
@Configuration(proxyBeanMethods = false)
public class ApiContractConfiguration {

    /** Where every documented call goes: the gateway (services admit only its signed requests). */
    public static final String GATEWAY_URL = "http://localhost:8080";

    static {
        // Left alone, springdoc describes Jackson's JsonNode as an object of its 24 is*() booleans, an SSE
        // emitter as {timeout}, and a streamed body as an object; clients generated from that cannot work.
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, Schemas.any("Any JSON value"))
                .replaceWithSchema(SseEmitter.class, Schemas.typed("string"))
                .replaceWithSchema(StreamingResponseBody.class, Schemas.binary());
    }

    @Bean
    OpenApiCustomizer apiInfo(ImclabProperties imclab) {
        String service = imclab.service();
        return openApi -> {
            openApi.setInfo(new Info().title("IMC Lab " + service + " API").version("v1")
                    .description("Every call goes through the gateway with an API key; errors are RFC 9457 "
                            + "application/problem+json."));
            openApi.setServers(List.of(new Server().url(GATEWAY_URL).description("IMC Lab gateway")));
        };
    }

    @Bean
    OpenApiCustomizer apiKeySecurity() {
        return new ApiKeySecurity();
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    OperationCustomizer operationIds() {
        return new OperationIds();
    }
}
