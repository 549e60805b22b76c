package org.imclab.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every non-multipart request body at {@link RequestLimits#maxBodySize()}, JSON or not: a
 * declared Content-Length over the cap is refused before anything is read, a chunked body fails
 * as soon as it passes the cap. Both are 413 problem+json. Multipart uploads are left to the
 * container's multipart limits, which Spring reports as 413 too.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;

    public BodySizeLimitFilter(RequestLimits limits) {
        this.limit = limits.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            reject(response);
            return;
        }
        try {
            chain.doFilter(new CappedRequest(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (BodyTooLargeException.in(e) == null || response.isCommitted()) {
                throw e;
            }
            response.reset();
            reject(response);
        }
    }

    private void reject(HttpServletResponse response) throws IOException {
        ServletProblems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body exceeds the limit of " + limit
                + " bytes", List.of(new FieldError("body", "exceeds the limit of " + limit + " bytes")));
    }
}
