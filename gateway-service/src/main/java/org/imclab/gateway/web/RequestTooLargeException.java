package org.imclab.gateway.web;

import java.io.IOException;

/**
 * Thrown while a body without Content-Length is read past its limit. An IOException, so it travels
 * through the proxy's body copy; the route error handler and {@link RequestSizeLimitFilter} turn it into 413.
 */
public class RequestTooLargeException extends IOException {

    private final long limit;

    public RequestTooLargeException(long limit) {
        super("Request body exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The RequestTooLargeException somewhere in {@code error}'s cause chain, or null. */
    public static RequestTooLargeException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
