package org.imclab.gateway.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders RFC 9457 problem+json for rejections the gateway makes before any controller runs
 * (servlet filters, proxy errors), in the same shape as common's ProblemDetailsAdvice.
 */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, status, detail, List.of());
    }

    public void write(HttpServletResponse response, HttpStatus status, String detail, List<FieldError> errors)
            throws IOException {
        response.setStatus(status.value());
        // JSON is UTF-8 by definition (RFC 8259), so no charset parameter.
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(status, detail, errors));
    }

    public ServerResponse response(HttpStatus status, String detail, List<FieldError> errors) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsString(body(status, detail, errors)));
    }

    static Map<String, Object> body(HttpStatus status, String detail, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://imclab.org/problems/" + status.value());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }
}
