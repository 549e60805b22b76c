package org.imclab.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.imclab.common.db.DatabaseOutage;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The same 503 as {@link DatabaseUnavailableAdvice} for failures thrown by servlet filters (API-key and
 * rate-limit lookups run before any controller advice can see them).
 */
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

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
            response.resetBuffer();
            response.setHeader("Retry-After", Integer.toString(DatabaseUnavailableAdvice.RETRY_AFTER_SECONDS));
            ServletProblems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                    DatabaseUnavailableAdvice.problem().getBody().getDetail(), List.of());
        }
    }
}
