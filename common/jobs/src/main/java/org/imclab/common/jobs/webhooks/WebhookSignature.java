package org.imclab.common.jobs.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-IMCLab-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<delivery id>.<body>")>}.
 * The timestamp lets a receiver refuse old deliveries, and the delivery id ({@code X-IMCLab-Delivery})
 * is signed too, so a replay inside the tolerance window cannot pass as a new delivery by changing it.
 * {@link #verify} is what a receiver does; docs/webhooks.md shows the same in Python.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-IMCLab-Signature";
    public static final String DELIVERY_HEADER = "X-IMCLab-Delivery";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The header value for a delivery sent at {@code timestamp}. */
    public static String sign(byte[] secret, long timestamp, String deliveryId, String body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac(secret, timestamp + "." + deliveryId + "." + body));
    }

    /**
     * True when the header carries a valid v1 signature of this delivery id and body, made within
     * {@code tolerance} of {@code now}. Receivers must also remember delivery ids they have accepted
     * for at least the tolerance window and drop repeats.
     */
    public static boolean verify(byte[] secret, String header, String deliveryId, String body, Instant now, Duration tolerance) {
        if (header == null || deliveryId == null || body == null) {
            return false;
        }
        Long timestamp = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (timestamp == null || v1 == null || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(mac(secret, timestamp + "." + deliveryId + "." + body))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(byte[] secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
