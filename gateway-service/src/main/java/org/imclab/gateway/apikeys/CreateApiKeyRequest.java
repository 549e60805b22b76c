package org.imclab.gateway.apikeys;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of POST /api/v1/admin/api-keys. */
public record CreateApiKeyRequest(
        @Schema(description = "Who or what uses the key", example = "ci-pipeline") String name,
        @Schema(description = "read, submit or admin; submit includes read, admin includes all",
                example = "[\"submit\"]") List<String> scopes,
        @Schema(description = "Requests per minute for this key; the gateway default when absent",
                example = "120") Integer rateLimitPerMinute,
        @Schema(description = "Optional project: keys of the same project share the jobs, runs and models they create;"
                + " letters, digits, '.', '_' and '-', at most 100", example = "vision") String project) {

    /** A key of no project. */
    public CreateApiKeyRequest(String name, List<String> scopes, Integer rateLimitPerMinute) {
        this(name, scopes, rateLimitPerMinute, null);
    }
}
