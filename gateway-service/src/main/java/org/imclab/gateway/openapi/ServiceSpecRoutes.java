package org.imclab.gateway.openapi;

import static org.springframework.cloud.gateway.server.mvc.filter.AfterFilterFunctions.modifyResponseBody;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import java.util.Arrays;
import org.imclab.common.web.CallerSignature;
import org.imclab.gateway.routing.CallerForwarding;
import org.imclab.gateway.routing.DownstreamService;
import org.imclab.gateway.routing.ProxyErrors;
import org.imclab.gateway.web.GatewaySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * /v3/api-docs/{service} proxies that service's /v3/api-docs, which is how the one Swagger UI
 * (springdoc.swagger-ui.urls in application.yml) shows every service's API.
 */
@Configuration(proxyBeanMethods = false)
class ServiceSpecRoutes {

    static final String SPEC_PATH = "/v3/api-docs";

    @Bean
    RouterFunction<ServerResponse> serviceSpecs(GatewaySettings settings, ProxyErrors errors, ServiceSpecRewriter rewriter,
            CallerSignature signature) {
        return Arrays.stream(DownstreamService.values())
                .map(service -> route(service.id() + "-openapi")
                        .GET(SPEC_PATH + "/" + service.id(), http())
                        .filter(errors.filterFor(service.id()))
                        .before(uri(service.url(settings)))
                        .before(setPath(SPEC_PATH))
                        // Services admit only signed requests; the spec is fetched on the gateway's own account.
                        .before(CallerForwarding.asPlatform(signature))
                        .after(modifyResponseBody(byte[].class, byte[].class, null, rewriter::rewrite))
                        .build())
                .reduce(RouterFunction::and)
                .orElseThrow();
    }
}
