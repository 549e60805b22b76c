package org.imclab.gateway.routing;

import java.net.URI;
import java.util.function.BiFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Rewrites a downstream Location to a path-only reference. Services answer with paths already;
 * an absolute one would name the service's internal host, and rewriting it to the client's Host
 * header would let any client choose the host others are sent to. Services and the gateway share
 * the /api/v1 paths, so the path is followable through the gateway as it is.
 */
final class LocationAsPath {

    private LocationAsPath() {
    }

    static BiFunction<ServerRequest, ServerResponse, ServerResponse> rewrite() {
        return (request, response) -> {
            URI location = response.headers().getLocation();
            if (location != null && (location.isAbsolute() || location.getRawAuthority() != null)) {
                String path = location.getRawPath() == null || location.getRawPath().isEmpty() ? "/" : location.getRawPath();
                String query = location.getRawQuery() == null ? "" : "?" + location.getRawQuery();
                String fragment = location.getRawFragment() == null ? "" : "#" + location.getRawFragment();
                response.headers().setLocation(URI.create(path + query + fragment));
            }
            return response;
        };
    }
}
