package org.imclab.common.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code imclab.metrics.queue-depth-ttl}: how long one count of the queue's depth serves every scrape. */
@ConfigurationProperties("imclab.metrics")
public record JobMetricsProperties(@DefaultValue("5s") Duration queueDepthTtl) {
}
