package org.imclab.common.web;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.imclab.common.db.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request that fails because PostgreSQL is unreachable gets 503 with Retry-After, so clients back off
 * and retry instead of treating it as a server bug. Highest precedence: the catch-all 500 handler in
 * {@link ProblemDetailsAdvice} must not see these first. Spring also matches a handler on an
 * exception's causes, so a connection failure wrapped by domain code lands here too.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseUnavailableAdvice {

    /** Seconds a client should wait: about one connection timeout, the time a restart usually needs. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransientDataAccessResourceException.class, SQLTransientConnectionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return problem();
    }

    /** A failed commit or an uncategorised SQL error is an outage only if its cause says so. */
    @ExceptionHandler({TransactionSystemException.class, UncategorizedSQLException.class})
    ResponseEntity<ProblemDetail> maybeUnavailable(Exception e) {
        if (DatabaseOutage.isCause(e)) {
            return unavailable(e);
        }
        log.error("Unhandled error", e);
        return ProblemDetailsAdvice.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error: the server failed to handle the request", List.of());
    }

    public static ResponseEntity<ProblemDetail> problem() {
        ResponseEntity<ProblemDetail> r = ProblemDetailsAdvice.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unavailable; retry after " + RETRY_AFTER_SECONDS + " seconds", List.of());
        return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders())
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)).body(r.getBody());
    }
}
