package org.imclab.gateway.routing;

import java.util.Optional;
import java.util.function.Function;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.imclab.gateway.apikeys.ApiKey;
import org.imclab.gateway.apikeys.ApiKeyFilter;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Vouches to the service for who is calling: any caller headers the client sent are dropped (they
 * would otherwise pass for the gateway's), and the request gets freshly signed ones. Services admit
 * nothing else, so this is the only way a request reaches them.
 */
public final class CallerForwarding {

    private CallerForwarding() {
    }

    /** For /api routes: the caller behind the key ApiKeyFilter authenticated; none, so 401 downstream, if it did not. */
    public static Function<ServerRequest, ServerRequest> forApiKey(CallerSignature signature) {
        return request -> replace(request, signature,
                Optional.ofNullable(request.servletRequest().getAttribute(ApiKeyFilter.AUTHENTICATED_KEY))
                        .map(key -> ((ApiKey) key).caller()));
    }

    /** For what the gateway fetches on its own account (the services' OpenAPI documents). */
    public static Function<ServerRequest, ServerRequest> asPlatform(CallerSignature signature) {
        return request -> replace(request, signature, Optional.of(Caller.SYSTEM));
    }

    private static ServerRequest replace(ServerRequest request, CallerSignature signature, Optional<Caller> caller) {
        return ServerRequest.from(request).headers(h -> {
            CallerSignature.HEADERS.forEach(h::remove);
            caller.ifPresent(c -> signature.headersFor(c).forEach(h::set));
        }).build();
    }
}
