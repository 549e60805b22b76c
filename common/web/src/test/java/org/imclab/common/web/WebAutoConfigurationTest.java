package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;

/** What a process gets from common-web by depending on it, with no component scan of org.imclab. */
class WebAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
                    DispatcherServletAutoConfiguration.class, JacksonAutoConfiguration.class))
            .withPropertyValues("imclab.internal.secret=web-auto-configuration-test-secret-0123456789");

    @Test
    void aServiceAdmitsOnlyGatewaySignedCallersAndCapsItsBodies() {
        runner.withPropertyValues("imclab.service=training").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ImclabProperties.class).service()).isEqualTo("training");
            assertThat(context).hasSingleBean(CallerSignature.class).hasSingleBean(RequestIdFilter.class)
                    .hasSingleBean(ProblemDetailsAdvice.class).hasSingleBean(DatabaseUnavailableAdvice.class);
            assertThat(context).hasBean("gatewayCredentialFilter").hasBean("bodySizeLimitFilter");
            // ProblemErrorController takes the place of Boot's BasicErrorController.
            assertThat(context.getBean(ErrorController.class)).isInstanceOf(ProblemErrorController.class);
        });
    }

    @Test
    void theGatewayIssuesTheCredentialInsteadOfCheckingIt() {
        runner.withPropertyValues("imclab.service=gateway").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CallerSignature.class);
            assertThat(context).doesNotHaveBean("gatewayCredentialFilter").doesNotHaveBean("bodySizeLimitFilter");
        });
    }

    @Test
    void withoutAnInternalSecretNothingStarts() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebAutoConfiguration.class, JacksonAutoConfiguration.class))
                .withPropertyValues("imclab.service=training")
                .run(context -> assertThat(context).getFailure().rootCause().isInstanceOf(InternalSecretException.class));
    }
}
