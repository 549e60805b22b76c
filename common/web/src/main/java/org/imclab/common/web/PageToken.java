package org.imclab.common.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset cursor over (created_at desc, id desc). Keyset paging stays correct while rows are being
 * inserted, which offset paging does not.
 */
public record PageToken(Instant createdAt, UUID id) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;

    public String encode() {
        String raw = createdAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Tokens hold an ISO instant and a UUID, far below this; anything longer is not one of ours. */
    private static final int MAX_TOKEN_LENGTH = 128;
    /** The span PostgreSQL timestamps and java.sql.Timestamp both hold; rows are created now, so any real token is inside. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Decodes a client-supplied token; a malformed or out-of-range one is a 400 on {@code page_token}. */
    public static PageToken decode(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            Instant createdAt = Instant.parse(raw.substring(0, bar));
            String id = raw.substring(bar + 1);
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST) || !UUID_TEXT.matcher(id).matches()) {
                throw new IllegalArgumentException("out of range");
            }
            return new PageToken(createdAt, UUID.fromString(id));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("page_token", "is not a token this server issued");
        }
    }

    /** Validates {@code page_size}; null means the default. */
    public static int pageSize(Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (requested < 1 || requested > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return requested;
    }
}
