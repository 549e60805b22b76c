package org.imclab.gateway.apikeys;

import java.time.Instant;
import java.util.List;

/** Response to a key creation: the only time the full key is ever returned. */
public record CreatedApiKey(long id, String name, String prefix, List<String> scopes, Integer rateLimitPerMinute,
        String project, Instant createdAt, String key) {

    static CreatedApiKey of(ApiKey stored, ApiKeyToken token) {
        ApiKeyView view = ApiKeyView.of(stored);
        return new CreatedApiKey(view.id(), view.name(), view.prefix(), view.scopes(), view.rateLimitPerMinute(),
                view.project(), view.createdAt(), token.value());
    }
}
