package org.imclab.gateway.routing;

import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the gateway proxies with: Apache HttpClient 5's blocking, pooled client. The JDK client
 * the services use is asynchronous underneath; behind a blocking servlet proxy it started a thread for
 * every request body and every completion stage (a 2-core machine's common pool has no spare thread),
 * which cost more CPU than the routing itself (bench/queue, ADR 0007). Boot still applies its HttpClientSettings
 * (connect timeout, no redirects) to the factory built here.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamHttpClient {

    @Bean
    ClientHttpRequestFactoryBuilder<?> downstreamRequestFactoryBuilder(TomcatServerProperties tomcat) {
        // Every Tomcat thread may hold one downstream connection (an SSE stream holds it for long), so the
        // pool is never what makes a request wait; HttpClient's own default (5 per route) would.
        int perService = tomcat.getThreads().getMax();
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withConnectionManagerCustomizer(pool -> pool
                        .setMaxConnPerRoute(perService)
                        .setMaxConnTotal(perService * DownstreamService.values().length));
    }
}
