package org.imclab.common.jobs.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code imclab.webhooks.*}: completion webhooks.
 *
 * @param enabled                delivers webhooks from this process (the gateway turns it off)
 * @param secret                 HMAC-SHA256 signing key; no default, a process that delivers refuses to start without one
 * @param maxAttempts            attempts before a delivery is abandoned
 * @param baseDelay              first retry delay, doubled on each further attempt
 * @param allowPrivateNetworks   lets callbacks reach loopback and private (RFC 1918, CGNAT, fc00::/7) addresses;
 *                               off by default because a callback would otherwise reach the platform's own ports
 * @param allowedNetworks        CIDR blocks a callback may reach even though they are not public, e.g. 10.20.0.0/16
 */
@ConfigurationProperties("imclab.webhooks")
public record WebhookSettings(
        @DefaultValue("true") boolean enabled,
        String secret,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("1s") Duration baseDelay,
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue List<String> allowedNetworks) {

    /** Secrets shorter than this are guessable offline from one signed delivery. */
    public static final int MIN_SECRET_LENGTH = 16;

    public WebhookSettings {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    /** Public addresses only, no secret: the policy outside a Spring context. */
    public static WebhookSettings strict() {
        return new WebhookSettings(false, null, 8, Duration.ofSeconds(1), false, List.of());
    }

    /** The secret, or a startup failure that says how to provide one. */
    public String requireSecret() {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("imclab.webhooks.secret (environment IMCLAB_WEBHOOK_SECRET) is not set. "
                    + "Completion webhooks are signed with it and there is no built-in default: ./imclab generates one "
                    + "per install in $IMCLAB_HOME/webhook.secret; with docker compose, set IMCLAB_WEBHOOK_SECRET "
                    + "(e.g. to the output of 'openssl rand -hex 32'). To run without webhooks, set imclab.webhooks.enabled=false.");
        }
        if (secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("imclab.webhooks.secret (IMCLAB_WEBHOOK_SECRET) must be at least "
                    + MIN_SECRET_LENGTH + " characters; use e.g. the output of 'openssl rand -hex 32'.");
        }
        return secret.strip();
    }
}
