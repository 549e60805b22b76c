package org.imclab.gateway.apikeys;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.imclab.gateway.web.FilterOrder;
import org.imclab.gateway.web.GatewayRejections;
import org.imclab.gateway.web.ProblemWriter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every /api/** request needs a live key with the scope its method and path call for. Everything
 * else (health, Prometheus, Swagger UI, OpenAPI specs, the dashboard) stays open. A filter rather
 * than a route filter, so the gateway's own admin controller is guarded by the same code.
 */
@Component
@Order(FilterOrder.API_KEY)
public class ApiKeyFilter extends OncePerRequestFilter {

    /** Request attribute holding the authenticated {@link ApiKey}, for the rate limiter. */
    public static final String AUTHENTICATED_KEY = ApiKeyFilter.class.getName() + ".key";
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final ProblemWriter problems;
    private final GatewayRejections rejections;

    public ApiKeyFilter(ApiKeys keys, ProblemWriter problems, GatewayRejections rejections) {
        this.keys = keys;
        this.problems = problems;
        this.rejections = rejections;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            unauthorized(response, "missing", "An API key is required: send 'Authorization: Bearer <key>' or '"
                    + API_KEY_HEADER + ": <key>'", false);
            return;
        }
        Optional<ApiKeyToken> token = ApiKeyToken.parse(presented);
        if (token.isEmpty()) {
            unauthorized(response, "malformed", "The API key is malformed: keys look like imc_<prefix>_<secret>", true);
            return;
        }
        Optional<ApiKey> key = keys.authenticate(token.get());
        if (key.isEmpty()) {
            unauthorized(response, "unknown", "The API key is not valid", true);
            return;
        }
        if (key.get().revoked()) {
            unauthorized(response, "revoked", "The API key has been revoked", true);
            return;
        }
        String path = path(request);
        Scope required = Scope.requiredFor(request.getMethod(), path);
        if (!key.get().grants(required)) {
            rejections.authRejected("forbidden");
            problems.write(response, HttpStatus.FORBIDDEN, "API key '" + key.get().name() + "' lacks the '"
                    + required.wireName() + "' scope needed for " + request.getMethod() + " " + path);
            return;
        }
        request.setAttribute(AUTHENTICATED_KEY, key.get());
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String value = authorization.substring(BEARER.length()).trim();
            if (!value.isEmpty()) {
                return value;
            }
        }
        String header = request.getHeader(API_KEY_HEADER);
        return header == null || header.isBlank() ? null : header.trim();
    }

    private void unauthorized(HttpServletResponse response, String reason, String detail, boolean invalid)
            throws IOException {
        rejections.authRejected(reason);
        // RFC 6750 §3: name the scheme, and say invalid_token when a key was sent but refused.
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                invalid ? "Bearer realm=\"imclab\", error=\"invalid_token\"" : "Bearer realm=\"imclab\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, detail);
    }

    /**
     * The decoded, normalised path the container maps with (no ';' parameters, no '..'), not the raw
     * request URI: otherwise /%61pi/... or /api;x/... would route to /api/... without being checked.
     */
    static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }
}
