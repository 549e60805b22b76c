package org.imclab.common.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every client error into RFC 9457 problem+json with a per-field {@code errors} list, so a
 * pipeline can tell which field to fix. Anything unexpected becomes a bare 500 without a trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.status(), e.getMessage(), e.errors());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Request validation failed", errors);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return problem(HttpStatus.BAD_REQUEST, e.getName() + " is not a valid " + expected,
                List.of(new FieldError(e.getName(), "'" + e.getValue() + "' is not a valid " + expected)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        // Domain code throws IllegalArgumentException for values it cannot use; they came from the client.
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException e) {
        return tooLarge(e);
    }

    /**
     * A multipart body the container could not parse (bad boundary, truncated part): the client's
     * fault. Size overruns are the more specific MaxUploadSizeExceededException, a 413 below.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed multipart/form-data body",
                List.of(new FieldError("body", "is not a well-formed multipart/form-data body")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        log.error("Unhandled error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error: the server failed to handle the request", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(ex);
        if (tooLarge != null) {
            return cast(tooLarge(tooLarge));
        }
        Throwable cause = ex.getCause();
        List<FieldError> errors = new ArrayList<>();
        String detail;
        if (cause instanceof InvalidFormatException ife) {
            String field = path(ife);
            String allowed = ife.getTargetType() != null && ife.getTargetType().isEnum()
                    ? " (allowed: " + enumValues(ife.getTargetType()) + ")" : "";
            detail = field + ": '" + ife.getValue() + "' is not a valid " + ife.getTargetType().getSimpleName() + allowed;
            errors.add(new FieldError(field, "'" + ife.getValue() + "' is not valid" + allowed));
        } else if (cause instanceof UnrecognizedPropertyException upe) {
            String field = path(upe);
            detail = field + ": unknown field";
            errors.add(new FieldError(field, "unknown field"));
        } else if (cause instanceof StreamReadException sre) {
            detail = "Malformed JSON: " + sre.getOriginalMessage();
            errors.add(new FieldError("body", "malformed JSON at line " + sre.getLocation().getLineNr()
                    + ", column " + sre.getLocation().getColumnNr()));
        } else if (cause instanceof JacksonException je && !je.getPath().isEmpty()) {
            String field = path(je);
            detail = field + ": " + je.getOriginalMessage();
            errors.add(new FieldError(field, je.getOriginalMessage()));
        } else {
            detail = "Request body is missing or unreadable";
            errors.add(new FieldError("body", detail));
        }
        return cast(problem(HttpStatus.BAD_REQUEST, detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return cast(problem(HttpStatus.BAD_REQUEST, "Request validation failed", bindingErrors(ex)));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
                errors.add(new FieldError(r.getMethodParameter().getParameterName(), err.getDefaultMessage()))));
        return cast(problem(HttpStatus.BAD_REQUEST, "Request validation failed", errors));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return cast(problem(HttpStatus.BAD_REQUEST, ex.getParameterName() + " is required",
                List.of(new FieldError(ex.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return cast(problem(HttpStatus.CONTENT_TOO_LARGE, "Upload exceeds the size limit",
                List.of(new FieldError("file", "exceeds the size limit of " + ex.getMaxUploadSize() + " bytes"))));
    }

    private static ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(),
                List.of(new FieldError("body", "exceeds the limit of " + e.limit() + " bytes")));
    }

    static List<FieldError> bindingErrors(BindException ex) {
        List<FieldError> errors = new ArrayList<>();
        ex.getFieldErrors().forEach(f -> errors.add(new FieldError(f.getField(), f.getDefaultMessage())));
        ex.getGlobalErrors().forEach(g -> errors.add(new FieldError(g.getObjectName(), g.getDefaultMessage())));
        return errors;
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, List<FieldError> errors) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create("https://imclab.org/problems/" + status.value()));
        pd.setTitle(status.getReasonPhrase());
        if (!errors.isEmpty()) {
            pd.setProperty("errors", errors);
        }
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String enumValues(Class<?> type) {
        StringBuilder sb = new StringBuilder();
        for (Object c : type.getEnumConstants()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> e) {
        return (ResponseEntity) e;
    }
}
