package org.imclab.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.imclab.common.web.BodyTooLargeException;
import org.imclab.common.web.CappedRequest;
import org.imclab.common.web.FieldError;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies: JSON, and any body outside the upload resource, at IMCLAB_MAX_JSON_BYTES;
 * uploads (multipart or raw data to /api/v1/datasets) at IMCLAB_MAX_UPLOAD. The gateway proxies multipart unparsed, so Spring's multipart limits never
 * apply here; a declared Content-Length is checked up front and a chunked body is counted as it streams.
 */
@Component
@Order(FilterOrder.SIZE_LIMIT)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final GatewaySettings settings;
    private final ProblemWriter problems;
    private final GatewayRejections rejections;

    public RequestSizeLimitFilter(GatewaySettings settings, ProblemWriter problems, GatewayRejections rejections) {
        this.settings = settings;
        this.problems = problems;
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request.getContentType(), request.getRequestURI());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            reject(response, limit);
            return;
        }
        HttpServletRequest checked = declared < 0 ? new CappedRequest(request, limit) : request;
        try {
            chain.doFilter(checked, response);
        } catch (IOException | ServletException | RuntimeException e) {
            BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
            if (tooLarge == null || response.isCommitted()) {
                throw e;
            }
            response.reset();
            reject(response, tooLarge.limit());
        }
    }

    /**
     * The one resource that takes uploads; any other body is a JSON call, capped at the JSON limit
     * whatever its type, so an oversized non-JSON body is a 413 here instead of a service refusing
     * it mid-stream (which the proxy could only report as 503).
     */
    static final String UPLOAD_PATH = "/api/v1/datasets";

    long limitFor(String contentType, String path) {
        if (!UPLOAD_PATH.equals(path)) {
            return settings.maxJsonBytes().toBytes();
        }
        return limitFor(contentType);
    }

    long limitFor(String contentType) {
        if (contentType != null) {
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix())) {
                    return settings.maxJsonBytes().toBytes();
                }
            } catch (IllegalArgumentException malformed) {
                // An unparseable type is not JSON; the larger upload limit applies and the service rejects it.
            }
        }
        return settings.maxUploadBytes().toBytes();
    }

    private void reject(HttpServletResponse response, long limit) throws IOException {
        rejections.tooLarge();
        problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body exceeds the limit of " + limit + " bytes",
                List.of(new FieldError("body", "exceeds the limit of " + limit + " bytes")));
    }
}
