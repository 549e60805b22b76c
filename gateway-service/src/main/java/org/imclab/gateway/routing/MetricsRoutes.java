package org.imclab.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Arrays;
import org.imclab.common.web.CallerSignature;
import org.imclab.gateway.apikeys.ApiKeyFilter;
import org.imclab.gateway.web.GatewaySettings;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * /api/v1/admin/metrics/{service}: that service's /actuator/prometheus, for a Prometheus that scrapes through
 * the gateway with an admin key. The services admit only gateway-signed requests, which a static scrape
 * config cannot make, so the gateway fetches on its own account; the path is under /api/v1/admin, so
 * ApiKeyFilter requires the admin scope (job kinds and volumes are not for every key).
 */
@Configuration(proxyBeanMethods = false)
class MetricsRoutes {

    static final String PATH = "/api/v1/admin/metrics/";
    static final String SCRAPE_PATH = "/actuator/prometheus";

    // Documented here for the gateway's spec (springdoc reads router functions only through this annotation).
    @Bean
    @RouterOperation(path = PATH + "{service}", method = RequestMethod.GET, operation = @Operation(
            operationId = "scrapeServiceMetrics", tags = "metrics",
            summary = "A service's Prometheus metrics (its /actuator/prometheus), for admin keys",
            parameters = @Parameter(name = "service", in = ParameterIn.PATH, required = true,
                    schema = @Schema(type = "string", allowableValues = {"training", "hwsim", "pruning"})),
            responses = @ApiResponse(responseCode = "200", description = "Prometheus text exposition format",
                    content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))))
    RouterFunction<ServerResponse> serviceMetrics(GatewaySettings settings, ProxyErrors errors, CallerSignature signature) {
        return Arrays.stream(DownstreamService.values())
                .map(service -> route(service.id() + "-metrics")
                        .GET(PATH + service.id(), http())
                        .filter(errors.filterFor(service.id()))
                        .before(uri(service.url(settings)))
                        .before(setPath(SCRAPE_PATH))
                        .before(RequestIdForwarding.forward())
                        .before(removeRequestHeader(HttpHeaders.AUTHORIZATION))
                        .before(removeRequestHeader(ApiKeyFilter.API_KEY_HEADER))
                        .before(CallerForwarding.asPlatform(signature))
                        .build())
                .reduce(RouterFunction::and)
                .orElseThrow();
    }
}
