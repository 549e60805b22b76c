package org.imclab.gateway.routing;

import java.util.function.Function;
import org.imclab.common.web.RequestIdFilter;
import org.slf4j.MDC;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Sends the request id downstream. common's RequestIdFilter has already accepted the client's id or
 * made one, put it in the MDC and on the response; the proxy runs on that same thread, so the MDC
 * holds exactly the id the client gets back.
 */
final class RequestIdForwarding {

    private RequestIdForwarding() {
    }

    static Function<ServerRequest, ServerRequest> forward() {
        return request -> {
            String id = MDC.get("requestId");
            if (id == null) {
                return request;
            }
            return ServerRequest.from(request).headers(h -> h.set(RequestIdFilter.HEADER, id)).build();
        };
    }
}
