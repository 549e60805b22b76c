package org.imclab.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page: errors raised outside Spring MVC's exception handling (in filters,
 * or by Tomcat itself, such as a bad request target it could still dispatch) are rendered as
 * problem+json like every other error, instead of Boot's JSON or Tomcat's HTML page.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (BodyTooLargeException.in(error) != null) {
            long limit = BodyTooLargeException.in(error).limit();
            return ProblemDetailsAdvice.problem(HttpStatus.CONTENT_TOO_LARGE, "Request body exceeds the limit of "
                    + limit + " bytes", List.of(new FieldError("body", "exceeds the limit of " + limit + " bytes")));
        }
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : HttpStatus.NOT_FOUND;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = switch (status) {
            case BAD_REQUEST -> "The request is malformed";
            case NOT_FOUND -> "No resource at this path";
            case INTERNAL_SERVER_ERROR -> "Internal error: the server failed to handle the request";
            default -> status.getReasonPhrase();
        };
        return ProblemDetailsAdvice.problem(status, detail, List.of());
    }
}
