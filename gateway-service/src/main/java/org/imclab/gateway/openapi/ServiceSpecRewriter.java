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
 * itself (a relative "/"), so "Try it out" goes through the gateway. The API-key schemes the UI's Authorize
 * button uses are in every service's own spec (common's ApiKeySecurity).
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
        return json.writeValueAsBytes(spec);
    }
}
