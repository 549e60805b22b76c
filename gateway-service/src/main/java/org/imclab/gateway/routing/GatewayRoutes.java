package org.imclab.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.AfterFilterFunctions.removeResponseHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import org.imclab.common.web.CallerSignature;
import org.imclab.common.web.RequestIdFilter;
import org.imclab.gateway.apikeys.ApiKeyFilter;
import org.imclab.gateway.web.GatewaySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** /api/v1/{resource} and /api/v1/{resource}/** to the service that owns the resource. */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    RouterFunction<ServerResponse> trainingRoutes(GatewaySettings settings, ProxyErrors errors, CallerSignature signature) {
        return routes(DownstreamService.TRAINING, settings, errors, signature);
    }

    @Bean
    RouterFunction<ServerResponse> hwsimRoutes(GatewaySettings settings, ProxyErrors errors, CallerSignature signature) {
        return routes(DownstreamService.HWSIM, settings, errors, signature);
    }

    @Bean
    RouterFunction<ServerResponse> pruningRoutes(GatewaySettings settings, ProxyErrors errors, CallerSignature signature) {
        return routes(DownstreamService.PRUNING, settings, errors, signature);
    }

    static RouterFunction<ServerResponse> routes(DownstreamService service, GatewaySettings settings, ProxyErrors errors,
            CallerSignature signature) {
        RequestPredicate owned = service.resources().stream()
                .map(resource -> path("/api/v1/" + resource).or(path("/api/v1/" + resource + "/**")))
                .reduce(RequestPredicate::or)
                .orElseThrow();
        return route(service.id())
                .route(owned, http())
                .filter(errors.filterFor(service.id()))
                .before(uri(service.url(settings)))
                .before(RequestIdForwarding.forward())
                // The key proved itself here; services have no use for it and should not log it.
                .before(removeRequestHeader(HttpHeaders.AUTHORIZATION))
                .before(removeRequestHeader(ApiKeyFilter.API_KEY_HEADER))
                // Services see the key's signed caller instead, and never a client-made one.
                .before(CallerForwarding.forApiKey(signature))
                // Location as a path: never the service's host, never one taken from the client's Host header.
                .after(LocationAsPath.rewrite())
                // RequestIdFilter already set the (same) id on the response; one header, not two.
                .after(removeResponseHeader(RequestIdFilter.HEADER))
                .build();
    }
}
