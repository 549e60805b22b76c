package org.imclab.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A key as the client sends it: {@code imc_<prefix>_<secret>}. The prefix is an index, not a
 * secret: it finds the row, and the stored SHA-256 of the secret proves possession. A plain hash
 * (no salt or KDF) suffices because generated secrets carry 256 random bits.
 */
public record ApiKeyToken(String prefix, String secret) {

    private static final String MARKER = "imc_";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9]{4,32}");
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Optional<ApiKeyToken> parse(String raw) {
        if (raw == null || !raw.startsWith(MARKER)) {
            return Optional.empty();
        }
        String rest = raw.substring(MARKER.length());
        int separator = rest.indexOf('_');
        if (separator < 0) {
            return Optional.empty();
        }
        String prefix = rest.substring(0, separator);
        String secret = rest.substring(separator + 1);
        if (!PREFIX.matcher(prefix).matches() || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET
                || secret.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeyToken(prefix, secret));
    }

    /** A new key: 40-bit hex prefix, 256-bit URL-safe secret. */
    public static ApiKeyToken generate() {
        byte[] prefix = new byte[5];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(prefix);
        RANDOM.nextBytes(secret);
        return new ApiKeyToken(HexFormat.of().formatHex(prefix),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    public String secretSha256() {
        return sha256Hex(secret);
    }

    /** The full key string, to be shown to its owner exactly once. */
    public String value() {
        return MARKER + prefix + "_" + secret;
    }

    @Override
    public String toString() {
        // Never let the secret reach a log line through string concatenation.
        return MARKER + prefix + "_***";
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
