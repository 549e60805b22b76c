package org.imclab.common.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's credential on every request it forwards: the caller's owner, scope and project in
 * plain headers, plus an HMAC-SHA256 over them and a timestamp, keyed by the per-install internal
 * secret. A service accepts a request only when the signature matches and is fresh, so a client
 * that reaches a service directly (or forges the caller headers through the gateway, which strips
 * them) gets 401. Services calling each other sign with the same secret for the caller they act for.
 */
public final class CallerSignature {

    public static final String OWNER_HEADER = "X-Imclab-Caller";
    public static final String SCOPE_HEADER = "X-Imclab-Caller-Scope";
    public static final String PROJECT_HEADER = "X-Imclab-Caller-Project";
    /** {@code t=<epoch seconds>,v1=<hex hmac>} */
    public static final String SIGNATURE_HEADER = "X-Imclab-Caller-Signature";

    /** Headers the gateway must remove from client requests before it signs its own. */
    public static final java.util.List<String> HEADERS = java.util.List.of(OWNER_HEADER, SCOPE_HEADER, PROJECT_HEADER,
            SIGNATURE_HEADER);

    /** Clock skew and queueing tolerated between signing and checking. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** Shorter secrets are guessable offline from one captured signature. */
    public static final int MIN_SECRET_LENGTH = 16;

    private final byte[] secret;
    private final Clock clock;

    public CallerSignature(String secret) {
        this(secret, Clock.systemUTC());
    }

    public CallerSignature(String secret, Clock clock) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new InternalSecretException(secret == null || secret.isBlank()
                    ? "imclab.internal.secret (env IMCLAB_INTERNAL_SECRET) is not set"
                    : "imclab.internal.secret (env IMCLAB_INTERNAL_SECRET) is too short: " + secret.length()
                            + " characters, at least " + MIN_SECRET_LENGTH + " are required");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The headers that vouch for {@code caller}, to add to an outgoing request. */
    public Map<String, String> headersFor(Caller caller) {
        long t = clock.instant().getEpochSecond();
        Map<String, String> h = new LinkedHashMap<>();
        h.put(OWNER_HEADER, caller.owner());
        h.put(SCOPE_HEADER, caller.scope().wireName());
        if (caller.project() != null) {
            h.put(PROJECT_HEADER, caller.project());
        }
        h.put(SIGNATURE_HEADER, "t=" + t + ",v1=" + mac(t, caller.owner(), caller.scope().wireName(), caller.project()));
        return h;
    }

    /** The caller these headers vouch for, or empty when any part is missing, stale or forged. */
    public Optional<Caller> verify(Function<String, String> header) {
        String owner = header.apply(OWNER_HEADER);
        String scopeName = header.apply(SCOPE_HEADER);
        String project = header.apply(PROJECT_HEADER);
        String signature = header.apply(SIGNATURE_HEADER);
        if (owner == null || owner.isBlank() || scopeName == null || signature == null) {
            return Optional.empty();
        }
        Optional<Caller.Scope> scope = Caller.Scope.parse(scopeName);
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        long t;
        String presented;
        try {
            String[] parts = signature.split(",", 2);
            if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
                return Optional.empty();
            }
            t = Long.parseLong(parts[0].substring(2));
            presented = parts[1].substring(3);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - t) > MAX_AGE.toSeconds()) {
            return Optional.empty();
        }
        String expected = mac(t, owner, scopeName, project);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Caller(owner, scope.get(), project));
    }

    private String mac(long t, String owner, String scope, String project) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String payload = t + "\n" + owner + "\n" + scope + "\n" + (project == null ? "" : project);
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
