package org.imclab.common.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problem+json straight to a servlet response, for rejections made in filters before
 * Spring MVC runs; same shape as {@link ProblemDetailsAdvice}'s. The gateway's filters and proxy errors
 * answer with the same {@link #body}.
 */
public final class ServletProblems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServletProblems() {
    }

    public static void write(HttpServletResponse response, HttpStatus status, String detail, List<FieldError> errors)
            throws IOException {
        response.setStatus(status.value());
        // JSON is UTF-8 by definition (RFC 8259), so no charset parameter.
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body(status, detail, errors));
    }

    /** The RFC 9457 problem document: type, title, status, detail and, when there are any, the field errors. */
    public static Map<String, Object> body(HttpStatus status, String detail, List<FieldError> errors) {
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
