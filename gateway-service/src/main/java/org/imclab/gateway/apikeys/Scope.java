package org.imclab.gateway.apikeys;

import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do. Scopes nest: submit includes read, admin includes everything, so a key
 * needs only its highest scope and the check is a comparison.
 */
public enum Scope {
    /** GET/HEAD on /api/**. */
    READ,
    /** Writes (submit, cancel, upload) on the service routes. */
    SUBMIT,
    /** Key management under /api/v1/admin. */
    ADMIN;

    static final String ADMIN_PATH = "/api/v1/admin";

    public boolean grants(Scope required) {
        return compareTo(required) >= 0;
    }

    /** The lower-case name used on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String value) {
        for (Scope s : values()) {
            if (s.wireName().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The scope a request needs, from its method and path (which starts with /api/). */
    public static Scope requiredFor(String method, String path) {
        if (path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/")) {
            return ADMIN;
        }
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> SUBMIT;
        };
    }
}
