package org.imclab.common.web;

import java.io.IOException;

/** Thrown by a capped request body stream once more than the limit has been read; becomes a 413. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("Request body exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The first BodyTooLargeException in a cause chain, or null. */
    public static BodyTooLargeException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLargeException e) {
                return e;
            }
        }
        return null;
    }
}
