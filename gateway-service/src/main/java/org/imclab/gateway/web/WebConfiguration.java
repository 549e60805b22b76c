package org.imclab.gateway.web;

import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/** CORS for browser clients of the API; it runs before API-key checks so preflights need no key. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySettings.class)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(GatewaySettings settings) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(settings.corsOrigins().stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "Idempotency-Key",
                "X-Request-Id", "Last-Event-ID"));
        cors.setExposedHeaders(List.of("Location", "X-Request-Id", "Retry-After", "X-RateLimit-Remaining",
                "X-RateLimit-Limit", "X-RateLimit-Policy", "RateLimit", "RateLimit-Policy", "WWW-Authenticate"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(FilterOrder.CORS);
        return registration;
    }
}
