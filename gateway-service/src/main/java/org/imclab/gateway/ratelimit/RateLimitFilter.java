package org.imclab.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.imclab.gateway.apikeys.ApiKey;
import org.imclab.gateway.apikeys.ApiKeyFilter;
import org.imclab.gateway.web.FilterOrder;
import org.imclab.gateway.web.GatewayRejections;
import org.imclab.gateway.web.ProblemWriter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Applies each key's rate limit to the requests {@link ApiKeyFilter} let through: 429 with Retry-After when spent. */
@Component
@Order(FilterOrder.RATE_LIMIT)
public class RateLimitFilter extends OncePerRequestFilter {

    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String LIMIT = "X-RateLimit-Limit";

    private final KeyRateLimiter limiter;
    private final ProblemWriter problems;
    private final GatewayRejections rejections;

    public RateLimitFilter(KeyRateLimiter limiter, ProblemWriter problems, GatewayRejections rejections) {
        this.limiter = limiter;
        this.problems = problems;
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(ApiKeyFilter.AUTHENTICATED_KEY) instanceof ApiKey key)) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe = limiter.tryConsume(key);
        response.setHeader(LIMIT, Long.toString(limiter.perMinute(key)));
        response.setHeader(REMAINING, Long.toString(probe.getRemainingTokens()));
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        rejections.rateLimited();
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Rate limit of " + limiter.perMinute(key)
                + " requests per minute exceeded for API key '" + key.name() + "'; retry in " + retryAfter + " s");
    }
}
