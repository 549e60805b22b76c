package org.imclab.gateway.apikeys;

import org.imclab.gateway.web.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stores IMCLAB_ADMIN_KEY (hashed, admin scope) so a fresh installation has a first key to create
 * the others with. Runs after Flyway and before the server accepts requests.
 */
@Component
class AdminKeyBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final ApiKeys keys;
    private final String adminKey;

    AdminKeyBootstrap(ApiKeys keys, GatewaySettings settings) {
        this.keys = keys;
        this.adminKey = settings.adminKey();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (adminKey == null || adminKey.isBlank()) {
            return;
        }
        ApiKeyToken token = ApiKeyToken.parse(adminKey.trim()).orElseThrow(() -> new IllegalStateException(
                "IMCLAB_ADMIN_KEY must look like imc_<prefix>_<secret>: a 4-32 character alphanumeric prefix"
                        + " and a secret of at least 16 printable characters"));
        if (keys.bootstrap(token)) {
            log.info("Stored the bootstrap admin key {}", token);
        } else if (keys.authenticate(token).isEmpty()) {
            log.warn("IMCLAB_ADMIN_KEY was not stored: its prefix {} belongs to another key", token.prefix());
        }
    }
}
