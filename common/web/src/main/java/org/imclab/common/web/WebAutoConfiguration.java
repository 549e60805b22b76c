package org.imclab.common.web;

import org.imclab.common.web.openapi.ApiContractConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every process's HTTP side shares, the gateway's included: problem+json for every error (advice, error
 * controller, Tomcat's own pages), request ids, request limits and text checks, the caller signature and the
 * gateway credential, 503 while the database is down, and the OpenAPI contract. Before Boot's error
 * auto-configuration, so that ProblemErrorController takes the place of its BasicErrorController.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@EnableConfigurationProperties({ImclabProperties.class, RequestLimits.class})
@Import({RequestIdFilter.class, ProblemDetailsAdvice.class, DatabaseUnavailableAdvice.class, JsonBodyCheck.class,
        ProblemErrorController.class, TomcatProblemPages.class, ApiContractConfiguration.class})
public class WebAutoConfiguration {

    /**
     * The per-install internal secret's signer: the gateway signs the caller of every request it
     * forwards, services verify it and sign their calls to each other. There is no default: without
     * IMCLAB_INTERNAL_SECRET nothing starts (InternalSecretFailureAnalyzer says how to set it).
     */
    @Bean
    CallerSignature callerSignature(ImclabProperties imclab) {
        return new CallerSignature(imclab.internal().secret());
    }

    /**
     * Services (not the gateway, which issues the credential) admit only gateway-signed requests.
     * Registered right after the request-id filter, before anything reads the body.
     */
    @Bean
    @ConditionalOnExpression("'${imclab.service:}' != 'gateway'")
    FilterRegistrationBean<GatewayCredentialFilter> gatewayCredentialFilter(CallerSignature signature) {
        var registration = new FilterRegistrationBean<>(new GatewayCredentialFilter(signature));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Every service caps its own request bodies, so a client reaching it directly cannot send more. */
    @Bean
    @ConditionalOnExpression("'${imclab.service:}' != 'gateway'")
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(RequestLimits limits) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(limits));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Refuses NUL and invalid Unicode in query, path variables, form fields and read headers. */
    @Bean
    WebMvcConfigurer requestTextCheck() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RequestTextCheck());
            }
        };
    }

    /** Right after the request-id filter: filters that read the database (API keys, rate limits) run inside it. */
    @Bean
    FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter() {
        var registration = new FilterRegistrationBean<>(new DatabaseUnavailableFilter());
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

}
