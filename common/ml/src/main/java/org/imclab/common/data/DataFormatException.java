package org.imclab.common.data;

import java.util.List;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.springframework.http.HttpStatus;

/**
 * An uploaded data file that cannot be read: wrong magic number, truncated records, mismatched counts,
 * an unreadable image. It names the file part at fault and renders as a 400 problem.
 */
public class DataFormatException extends ApiException {

    private final String field;
    private final String reason;

    public DataFormatException(String field, String reason) {
        this(field, reason, null);
    }

    public DataFormatException(String field, String reason, Throwable cause) {
        this(HttpStatus.BAD_REQUEST, field, reason, cause);
    }

    /** For subclasses that answer with another client-error status (413 for {@link DataTooLargeException}). */
    protected DataFormatException(HttpStatus status, String field, String reason, Throwable cause) {
        super(status, field + ": " + reason, List.of(new FieldError(field, reason)));
        this.field = field;
        this.reason = reason;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** The file, entry or column at fault, e.g. "labels", "train/cat/001.png", "row 12". */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
