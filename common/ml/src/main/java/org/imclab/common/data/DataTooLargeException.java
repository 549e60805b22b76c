package org.imclab.common.data;

import org.springframework.http.HttpStatus;

/**
 * An uploaded data file that would decompress or decode to more bytes than {@link DataLimits} allow. It is a
 * {@link DataFormatException} (so callers that rename the field to the request part keep working) but renders
 * as 413 Content Too Large: the file may be well formed, it is just bigger than this deployment accepts.
 */
public class DataTooLargeException extends DataFormatException {

    public DataTooLargeException(String field, String reason) {
        super(HttpStatus.CONTENT_TOO_LARGE, field, reason, null);
    }
}
