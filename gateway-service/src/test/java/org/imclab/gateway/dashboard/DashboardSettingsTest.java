package org.imclab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The dashboard's key form learns the real admin key file; the gateway's own JSON rejects unknown fields. */
class DashboardSettingsTest extends GatewayTestSupport {

    @Value("${imclab.home}")
    String home;

    @Test
    void adminKeyFileIsUnderThisInstallationsHomeAndNeedsNoKey() {
        HttpResponse<String> r = send(request("/dashboard/settings.json").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("adminKeyFile").asString()).isEqualTo(Path.of(home, "admin.key").toString());
    }

    @Test
    void anUnknownFieldInAnApiKeyRequestIsA400NamingIt() {
        HttpResponse<String> r = postJson("/api/v1/admin/api-keys", BOOTSTRAP_KEY,
                "{\"name\":\"typo\",\"scopes\":[\"read\"],\"ratelimitPerMinute\":10}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("ratelimitPerMinute");
    }
}
