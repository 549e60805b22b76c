package org.imclab.gateway.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token buckets in PostgreSQL (gateway.rate_limit_bucket), one row per API key id. Select-for-update
 * serialises concurrent requests of one key across all gateway replicas, so N replicas enforce one
 * limit, not N.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    PostgreSQLSelectForUpdateBasedProxyManager<Long> bucketStore(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .table("gateway.rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // A row may go once its bucket would be full again: forgetting it then changes nothing.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }
}
