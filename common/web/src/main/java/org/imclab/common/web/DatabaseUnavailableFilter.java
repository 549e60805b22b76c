package org.imclab.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imclab.common.db.DatabaseOutage;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same 503 as {@link DatabaseUnavailableAdvice} for failures thrown by servlet filters (API-key and
 * rate-limit lookups run before any controller advice can see them).
 */
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!DatabaseOutage.isCause(e) || response.isCommitted()) {
                throw e;
            }
            logger.warn("Database unavailable: " + e.getMessage());
            ProblemDetail pd = DatabaseUnavailableAdvice.problem().getBody();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", pd.getType().toString());
            body.put("title", pd.getTitle());
            body.put("status", pd.getStatus());
            body.put("detail", pd.getDetail());
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", Integer.toString(DatabaseUnavailableAdvice.RETRY_AFTER_SECONDS));
            response.setContentType("application/problem+json");
            response.getOutputStream().write(json.writeValueAsBytes(body));
        }
    }
}
