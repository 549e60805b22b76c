package org.imclab.common.jobs.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** There is no public default secret: a delivering process without one stops at startup and says how to set it. */
class WebhookSettingsTest {

    static WebhookSettings withSecret(String secret) {
        return new WebhookSettings(true, secret, 8, Duration.ofSeconds(1), false, List.of());
    }

    @Test
    void aMissingOrShortSecretFailsWithInstructions() {
        assertThatThrownBy(() -> withSecret(null).requireSecret()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IMCLAB_WEBHOOK_SECRET").hasMessageContaining("imclab.webhooks.enabled=false");
        assertThatThrownBy(() -> withSecret("  ").requireSecret()).hasMessageContaining("is not set");
        assertThatThrownBy(() -> withSecret("imclab-dev").requireSecret()).hasMessageContaining("at least 16");
        assertThat(withSecret(" 0123456789abcdef0123 ").requireSecret()).isEqualTo("0123456789abcdef0123");
    }
}
