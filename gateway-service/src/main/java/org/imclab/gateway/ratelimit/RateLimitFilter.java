package org.imclab.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
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
    /** The limit Remaining counts against: "minute" or "burst". */
    public static final String POLICY_NAME = "X-RateLimit-Policy";
    /** IETF draft-ietf-httpapi-ratelimit-headers: every limit, e.g. {@code "minute";q=600;w=60, "burst";q=100;w=1}. */
    public static final String POLICY = "RateLimit-Policy";
    /** IETF draft: the limit closest to exhaustion, e.g. {@code "burst";r=99;t=1}. */
    public static final String RATE_LIMIT = "RateLimit";

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
        VerboseResult<ConsumptionProbe> result = limiter.tryConsumeVerbose(key);
        ConsumptionProbe probe = result.getValue();
        setHeaders(response, limiter.policies(key), result.getDiagnostics().getAvailableTokensPerEachBandwidth());
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

    /**
     * Remaining and Limit describe the same limit: the one with the fewest tokens left (the burst cap right
     * after a spike, the minute allowance otherwise), named in X-RateLimit-Policy; RateLimit-Policy lists all.
     */
    static void setHeaders(HttpServletResponse response, List<RateLimitPolicy> policies, long[] available) {
        int binding = 0;
        for (int i = 1; i < policies.size() && i < available.length; i++) {
            if (available[i] < available[binding]) {
                binding = i;
            }
        }
        RateLimitPolicy p = policies.get(binding);
        long remaining = Math.max(0, available[binding]);
        // Greedy refill: the window refills evenly, so the bucket is full again after the missing share of it.
        long reset = (long) Math.ceil((double) (p.quota() - remaining) * p.windowSeconds() / p.quota());
        response.setHeader(LIMIT, Long.toString(p.quota()));
        response.setHeader(REMAINING, Long.toString(remaining));
        response.setHeader(POLICY_NAME, p.name());
        response.setHeader(POLICY, String.join(", ", policies.stream().map(RateLimitPolicy::item).toList()));
        response.setHeader(RATE_LIMIT, "\"" + p.name() + "\";r=" + remaining + ";t=" + reset);
    }
}
