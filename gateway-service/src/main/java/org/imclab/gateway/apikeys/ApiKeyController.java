package org.imclab.gateway.apikeys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Key management; {@link ApiKeyFilter} lets only admin-scoped keys reach it. */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
@Tag(name = "API keys", description = "Needs an admin-scoped key")
class ApiKeyController {

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "Create a key; the response is the only time the full key is shown")
    @ApiResponse(responseCode = "201", description = "The key, in full this once", headers = @Header(name = "Location", description = "The key's path", schema = @Schema(type = "string")))
    @PostMapping
    ResponseEntity<CreatedApiKey> create(@RequestBody CreateApiKeyRequest request) {
        CreatedApiKey created = keys.create(request);
        return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + created.id())).body(created);
    }

    @Operation(summary = "List keys (prefixes and scopes, never secrets)")
    @GetMapping
    List<ApiKeyView> list() {
        return keys.list();
    }

    @Operation(summary = "Get one key")
    @GetMapping("/{id}")
    ApiKeyView get(@PathVariable long id) {
        return keys.get(id);
    }

    @Operation(summary = "Revoke a key; requests with it get 401 from then on")
    @PostMapping("/{id}/revoke")
    ApiKeyView revoke(@PathVariable long id) {
        return keys.revoke(id);
    }
}
