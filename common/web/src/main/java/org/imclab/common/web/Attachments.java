package org.imclab.common.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

/** The headers of a file a controller streams to the client as a download (data set archives, weights). */
public final class Attachments {

    private Attachments() {
    }

    /**
     * Sets the content type, an attachment disposition that names {@code filename}, and the length when it is
     * known ({@code size} ≥ 0; otherwise the body is sent chunked). Call it before writing the body.
     */
    public static void begin(HttpServletResponse response, String contentType, String filename, long size) {
        response.setContentType(contentType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        if (size >= 0) {
            response.setContentLengthLong(size);
        }
    }
}
