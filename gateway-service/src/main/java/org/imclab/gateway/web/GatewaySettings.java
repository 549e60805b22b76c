package org.imclab.gateway.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's knobs, bound from {@code imclab.gateway.*}; application.yml maps each to its
 * IMCLAB_* environment variable so ./imclab and docker-compose set them the same way.
 */
@ConfigurationProperties("imclab.gateway")
public record GatewaySettings(
        URI trainingUrl,
        URI hwsimUrl,
        URI pruningUrl,
        String adminKey,
        Duration apiKeyCacheTtl,
        long rateLimitPerMinute,
        long rateLimitBurstPerSecond,
        List<String> corsOrigins,
        DataSize maxJsonBytes,
        DataSize maxUploadBytes) {
}
