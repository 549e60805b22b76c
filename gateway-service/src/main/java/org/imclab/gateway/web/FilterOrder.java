package org.imclab.gateway.web;

import org.springframework.core.Ordered;

/**
 * Order of the gateway's servlet filters. common's RequestIdFilter runs first (highest precedence)
 * so every rejection below still carries X-Request-Id; CORS answers preflights before any key is
 * asked for; a key must be known before its bucket can be charged; bodies are only read after that.
 */
public final class FilterOrder {

    public static final int CORS = Ordered.HIGHEST_PRECEDENCE + 10;
    public static final int API_KEY = Ordered.HIGHEST_PRECEDENCE + 20;
    public static final int RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 30;
    public static final int SIZE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 40;

    private FilterOrder() {
    }
}
