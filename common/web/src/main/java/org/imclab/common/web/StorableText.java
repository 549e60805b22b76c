package org.imclab.common.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text a request may carry into the service: valid Unicode without NUL. PostgreSQL rejects NUL in
 * text and in jsonb, and an unpaired surrogate cannot be encoded as UTF-8, so both are refused at
 * the edge with a 400 naming the field instead of failing later in the database.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why {@code s} cannot be accepted, or empty when it can. */
    public static Optional<String> problem(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return Optional.of("must not contain the NUL character");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("contains an unpaired surrogate (not valid Unicode)");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate (not valid Unicode)");
            }
        }
        return Optional.empty();
    }

    /** Strict UTF-8 decoding: malformed or truncated sequences are an error, never a replacement character. */
    public static String decodeUtf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length))
                .toString();
    }

    /**
     * Percent-decodes one URI component ({@code +} is a space in a query) and decodes it as strict
     * UTF-8; empty when an escape is malformed or the bytes are not UTF-8.
     */
    public static Optional<String> percentDecode(String raw, boolean plusIsSpace) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out[n++] = ' ';
            } else if (c > 0x7f) {
                // Tomcat hands over raw non-ASCII bytes as ISO-8859-1 characters.
                if (c > 0xff) {
                    return Optional.empty();
                }
                out[n++] = (byte) c;
            } else {
                out[n++] = (byte) c;
            }
        }
        try {
            return Optional.of(decodeUtf8(out, 0, n));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
