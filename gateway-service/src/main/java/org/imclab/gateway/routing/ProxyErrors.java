package org.imclab.gateway.routing;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.imclab.common.web.FieldError;
import org.imclab.gateway.web.GatewayRejections;
import org.imclab.gateway.web.ProblemWriter;
import org.imclab.common.web.BodyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Turns failures of the proxied exchange into problem+json: a service that cannot be reached is
 * 503 naming the service (the client may retry), not a 500; a body cut off by the size limit is 413.
 */
@Component
public class ProxyErrors {

    private static final Logger log = LoggerFactory.getLogger(ProxyErrors.class);

    private final ProblemWriter problems;
    private final GatewayRejections rejections;

    ProxyErrors(ProblemWriter problems, GatewayRejections rejections) {
        this.problems = problems;
        this.rejections = rejections;
    }

    /** I/O failures of the exchange, as RestClient and the proxy report them. */
    static final Predicate<Throwable> PROXY_FAILURE =
            e -> e instanceof ResourceAccessException || e instanceof UncheckedIOException;

    /**
     * A route filter to add first, so it wraps every other filter of the route. Not the builder's
     * onError: error handlers run inside the after-filters, which would then try to edit the
     * (read-only) headers of the problem response.
     */
    public HandlerFilterFunction<ServerResponse, ServerResponse> filterFor(String service) {
        BiFunction<Throwable, ServerRequest, ServerResponse> handler = handlerFor(service);
        return (request, next) -> {
            try {
                return next.handle(request);
            } catch (RuntimeException e) {
                if (PROXY_FAILURE.test(e)) {
                    return handler.apply(e, request);
                }
                throw e;
            }
        };
    }

    private BiFunction<Throwable, ServerRequest, ServerResponse> handlerFor(String service) {
        return (error, request) -> {
            BodyTooLargeException tooLarge = BodyTooLargeException.in(error);
            if (tooLarge != null) {
                rejections.tooLarge();
                return problems.response(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(),
                        List.of(new FieldError("body", "exceeds the limit of " + tooLarge.limit() + " bytes")));
            }
            log.warn("{} {} -> {} service failed: {}", request.method(), request.path(), service, causes(error));
            // The cause stays in the log: it names internal hosts the client has no use for.
            return problems.response(HttpStatus.SERVICE_UNAVAILABLE,
                    "The " + service + " service is unavailable; try again later", List.of());
        };
    }

    private static String causes(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }
}
