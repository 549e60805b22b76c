package org.imclab.common.web;

/** One entry of a problem's {@code errors} list: which request field is wrong and why. */
public record FieldError(String field, String message) {
}
