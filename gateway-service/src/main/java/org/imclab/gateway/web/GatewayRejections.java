package org.imclab.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Counts requests the gateway turns away itself. Per-route status counts already come from the
 * http.server.requests observation; these say why a request never reached a service. Every series exists
 * from start-up, at zero, so dashboards and rate() see the first rejection (docs/observability.md).
 */
@Component
public class GatewayRejections {

    private final MeterRegistry registry;

    /** The reasons ApiKeyFilter gives: missing, malformed, unknown, revoked (401) and forbidden (403). */
    static final List<String> AUTH_REASONS = List.of("missing", "malformed", "unknown", "revoked", "forbidden");

    public GatewayRejections(MeterRegistry registry) {
        this.registry = registry;
        AUTH_REASONS.forEach(this::authCounter);
        rateLimitCounter();
        tooLargeCounter();
    }

    /** reason: one of {@link #AUTH_REASONS}. */
    public void authRejected(String reason) {
        authCounter(reason).increment();
    }

    public void rateLimited() {
        rateLimitCounter().increment();
    }

    public void tooLarge() {
        tooLargeCounter().increment();
    }

    private Counter authCounter(String reason) {
        return Counter.builder("imclab.gateway.auth.rejected")
                .description("Requests rejected by API-key authentication or scope checks")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter rateLimitCounter() {
        return Counter.builder("imclab.gateway.ratelimit.rejected")
                .description("Requests rejected with 429 because the key's bucket was empty")
                .register(registry);
    }

    private Counter tooLargeCounter() {
        return Counter.builder("imclab.gateway.request.too.large")
                .description("Requests rejected with 413 by the gateway's body size limits")
                .register(registry);
    }
}
