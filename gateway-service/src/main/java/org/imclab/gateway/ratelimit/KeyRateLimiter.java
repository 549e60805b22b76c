package org.imclab.gateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.List;
import org.imclab.gateway.apikeys.ApiKey;
import org.imclab.gateway.web.GatewaySettings;
import org.springframework.stereotype.Component;

/**
 * Charges one token per request to the key's bucket. The per-minute limit is the key's own or
 * IMCLAB_RATE_LIMIT_PER_MINUTE; a whole minute's allowance may be spent at once, but never more than
 * IMCLAB_RATE_LIMIT_BURST in one second, so one client cannot flood a service in a single spike.
 */
@Component
public class KeyRateLimiter {

    private final ProxyManager<Long> buckets;
    private final long defaultPerMinute;
    private final long burstPerSecond;

    KeyRateLimiter(ProxyManager<Long> buckets, GatewaySettings settings) {
        this.buckets = buckets;
        this.defaultPerMinute = settings.rateLimitPerMinute();
        this.burstPerSecond = settings.rateLimitBurstPerSecond();
        if (defaultPerMinute < 1 || burstPerSecond < 1) {
            throw new IllegalStateException("IMCLAB_RATE_LIMIT_PER_MINUTE and IMCLAB_RATE_LIMIT_BURST must be positive");
        }
    }

    public long perMinute(ApiKey key) {
        return key.rateLimitPerMinute() != null ? key.rateLimitPerMinute() : defaultPerMinute;
    }

    public ConsumptionProbe tryConsume(ApiKey key) {
        return tryConsumeVerbose(key).getValue();
    }

    /**
     * Charges one token and reports, besides the probe, the tokens left in each limit (bandwidth order:
     * minute, then burst), so the headers can name the limit the remaining count belongs to.
     */
    public VerboseResult<ConsumptionProbe> tryConsumeVerbose(ApiKey key) {
        long perMinute = perMinute(key);
        return buckets.builder().build(key.id(), () -> configuration(perMinute)).asVerbose()
                .tryConsumeAndReturnRemaining(1);
    }

    /** The limits a key's bucket enforces, in bandwidth order. */
    public List<RateLimitPolicy> policies(ApiKey key) {
        long perMinute = perMinute(key);
        return burstPerSecond < perMinute
                ? List.of(new RateLimitPolicy("minute", perMinute, 60), new RateLimitPolicy("burst", burstPerSecond, 1))
                : List.of(new RateLimitPolicy("minute", perMinute, 60));
    }

    BucketConfiguration configuration(long perMinute) {
        var config = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                        .id("minute").build());
        if (burstPerSecond < perMinute) {
            config.addLimit(Bandwidth.builder().capacity(burstPerSecond).refillGreedy(burstPerSecond, Duration.ofSeconds(1))
                    .id("burst").build());
        }
        return config.build();
    }
}
