package org.imclab.common.nn;

import java.util.List;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.springframework.http.HttpStatus;

/**
 * A model spec that cannot be built. It names the JSON field ({@code layers[3].kernel}) and the layer,
 * so a client can fix its spec; as an {@link ApiException} it renders as a 400 with that field.
 */
public class InvalidSpecException extends ApiException {

    private final String field;
    private final String layer;
    private final String reason;

    public InvalidSpecException(String field, String layer, String reason) {
        super(HttpStatus.BAD_REQUEST, describe(field, layer, reason), List.of(new FieldError(field, reason)));
        this.field = field;
        this.layer = layer;
        this.reason = reason;
    }

    private static String describe(String field, String layer, String reason) {
        return field + (layer == null ? "" : " (layer '" + layer + "')") + ": " + reason;
    }

    /** JSON path of the offending field, e.g. {@code layers[3].kernel}. */
    public String field() {
        return field;
    }

    /** Name of the offending layer; null for spec-level fields. */
    public String layer() {
        return layer;
    }

    /** What is wrong, without the field prefix. */
    public String reason() {
        return reason;
    }
}
