package org.imclab.gateway.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.imclab.common.web.FieldError;
import org.imclab.common.web.ServletProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders RFC 9457 problem+json for rejections the gateway makes before any controller runs
 * (servlet filters, proxy errors), with common's {@link ServletProblems#body}: the shape of ProblemDetailsAdvice.
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
        ServletProblems.write(response, status, detail, errors);
    }

    public ServerResponse response(HttpStatus status, String detail, List<FieldError> errors) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsString(ServletProblems.body(status, detail, errors)));
    }
}
