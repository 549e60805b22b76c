package org.imclab.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a request to a service only when it carries the gateway's signed caller headers
 * ({@link CallerSignature}); the verified {@link Caller} becomes the request's caller. Health
 * probes stay open so orchestrators can check liveness without the secret. Always on in training,
 * hwsim and pruning (WebAutoConfiguration); there is no unauthenticated mode.
 */
public class GatewayCredentialFilter extends OncePerRequestFilter {

    private final CallerSignature signature;

    public GatewayCredentialFilter(CallerSignature signature) {
        this.signature = signature;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = signature.verify(request::getHeader);
        if (caller.isEmpty()) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
            response.getWriter().write("""
                    {"type":"about:blank","title":"Unauthorized","status":401,\
                    "detail":"This service is reached through the gateway only: the request lacks a valid gateway credential"}""");
            return;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }
}
