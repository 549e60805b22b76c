package org.imclab.common.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An error the client caused (or a missing resource), rendered as RFC 9457 problem+json by
 * {@link ProblemDetailsAdvice}. Subclasses pick the status; {@code errors} names the fields.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** 400 naming one field. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** 404 for a resource of the given kind. */
    public static ApiException notFound(String resource, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, resource + " '" + id + "' does not exist", List.of());
    }

    /** 409: the request contradicts the current state. */
    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, List.of());
    }

    /** 413: an upload or body above the configured limit. */
    public static ApiException tooLarge(String field, String message) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, field + ": " + message, List.of(new FieldError(field, message)));
    }
}
