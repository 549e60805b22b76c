package org.imclab.gateway.openapi;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adapts a service's OpenAPI document for the gateway's Swagger UI: the server becomes the gateway
 * itself (a relative "/"), so "Try it out" goes through the gateway, and the API-key schemes are
 * declared so the UI's Authorize button can send a key.
 */
@Component
class ServiceSpecRewriter {

    private final JsonMapper json;

    ServiceSpecRewriter(JsonMapper json) {
        this.json = json;
    }

    byte[] rewrite(ServerRequest request, ServerResponse response, byte[] body) {
        if (!response.statusCode().is2xxSuccessful()) {
            return body;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException notJson) {
            return body;
        }
        if (!(root instanceof ObjectNode spec)) {
            return body;
        }
        spec.putArray("servers").addObject().put("url", "/").put("description", "IMC Lab gateway");
        ObjectNode components = spec.has("components") && spec.get("components") instanceof ObjectNode existing
                ? existing : spec.putObject("components");
        ObjectNode schemes = components.has("securitySchemes") && components.get("securitySchemes") instanceof ObjectNode s
                ? s : components.putObject("securitySchemes");
        schemes.putObject(ApiKeySecurity.BEARER).put("type", "http").put("scheme", "bearer")
                .put("description", ApiKeySecurity.DESCRIPTION);
        schemes.putObject(ApiKeySecurity.HEADER).put("type", "apiKey").put("in", "header")
                .put("name", ApiKeySecurity.HEADER_NAME).put("description", ApiKeySecurity.DESCRIPTION);
        var security = spec.putArray("security");
        security.addObject().putArray(ApiKeySecurity.BEARER);
        security.addObject().putArray(ApiKeySecurity.HEADER);
        return json.writeValueAsBytes(spec);
    }
}
