package org.imclab.common.jobs.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature a receiver checks: timestamp and delivery id are signed with the body, so replays are detectable. */
class WebhookSignatureTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final String BODY = "{\"jobId\":\"5a0c\",\"state\":\"SUCCEEDED\"}";
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void headerCarriesTimestampAndHmacOfTimestampDeliveryIdAndBody() {
        String header = WebhookSignature.sign(SECRET, 1_700_000_000L, "42", BODY);
        // Computed independently: printf '1700000000.42.%s' "$BODY" | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
        assertThat(header).isEqualTo("t=1700000000,v1=32cb1a73dffc829cd3fcccfd0eedf1441b07e0fd71526ec0ba65388bf4159a62");
    }

    @Test
    void receiverAcceptsAFreshDeliveryAndRejectsTamperingAndReplays() {
        Instant sent = Instant.ofEpochSecond(1_700_000_000L);
        String header = WebhookSignature.sign(SECRET, sent.getEpochSecond(), "42", BODY);
        assertThat(WebhookSignature.verify(SECRET, header, "42", BODY, sent.plusSeconds(3), FIVE_MINUTES)).isTrue();
        // Another body, another delivery id or another secret: the HMAC no longer matches.
        assertThat(WebhookSignature.verify(SECRET, header, "42", BODY.replace("SUCCEEDED", "FAILED"), sent, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, "43", BODY, sent, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-of-32-characters!!".getBytes(StandardCharsets.UTF_8), header, "42", BODY,
                sent, FIVE_MINUTES)).isFalse();
        // A captured delivery replayed after the window is refused; so is one dated in the future.
        assertThat(WebhookSignature.verify(SECRET, header, "42", BODY, sent.plus(Duration.ofMinutes(6)), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, "42", BODY, sent.minus(Duration.ofMinutes(6)), FIVE_MINUTES)).isFalse();
        // A forged timestamp invalidates the HMAC.
        String moved = header.replace("t=1700000000", "t=1700000300");
        assertThat(WebhookSignature.verify(SECRET, moved, "42", BODY, sent.plusSeconds(300), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "sha256=abc", "42", BODY, sent, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, "42", BODY, sent, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=x,v1=00", "42", BODY, sent, FIVE_MINUTES)).isFalse();
    }
}
