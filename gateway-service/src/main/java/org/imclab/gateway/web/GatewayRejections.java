package org.imclab.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts requests the gateway turns away itself. Per-route status counts already come from the
 * http.server.requests observation; these say why a request never reached a service.
 */
@Component
public class GatewayRejections {

    private final MeterRegistry registry;

    public GatewayRejections(MeterRegistry registry) {
        this.registry = registry;
    }

    /** reason: missing, malformed, unknown, revoked (401) or forbidden (403). */
    public void authRejected(String reason) {
        Counter.builder("imclab.gateway.auth.rejected")
                .description("Requests rejected by API-key authentication or scope checks")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void rateLimited() {
        Counter.builder("imclab.gateway.ratelimit.rejected")
                .description("Requests rejected with 429 because the key's bucket was empty")
                .register(registry)
                .increment();
    }

    public void tooLarge() {
        Counter.builder("imclab.gateway.request.too.large")
                .description("Requests rejected with 413 by the gateway's body size limits")
                .register(registry)
                .increment();
    }
}
