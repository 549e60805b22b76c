package org.imclab.common.testsupport;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every application a test starts (Spring test contexts, SpringApplicationBuilder stacks, in
 * every module that uses common's test-jar) the same fixed internal secret when none is configured,
 * the way ./imclab gives every process of one install the same one. Production has no default; a
 * test that needs the secret to be absent sets {@value #DISABLE}=false. The webhook signing secret
 * gets a fixed test value the same way, so contexts with webhooks on start as an install would.
 */
public class TestInternalSecret implements EnvironmentPostProcessor, Ordered {

    public static final String SECRET = "imclab-test-internal-secret-0123456789abcdef";
    public static final String DISABLE = "imclab.test.default-internal-secret";
    static final String PROPERTY = "imclab.internal.secret";
    static final String WEBHOOK_PROPERTY = "imclab.webhooks.secret";
    static final String WEBHOOK_SECRET = "imclab-test-webhook-secret-0123456789";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        if ((configured == null || configured.isBlank()) && environment.getProperty(DISABLE, Boolean.class, true)) {
            environment.getPropertySources().addFirst(new MapPropertySource("imclabTestInternalSecret",
                    Map.of(PROPERTY, SECRET)));
        }
        String webhook = environment.getProperty(WEBHOOK_PROPERTY);
        if (webhook == null || webhook.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("imclabTestWebhookSecret",
                    Map.of(WEBHOOK_PROPERTY, WEBHOOK_SECRET)));
        }
    }

    /** After the config files are loaded, so a secret set there or in the environment wins. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
