package org.imclab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.imclab.gateway.GatewayTestSupport;
import org.imclab.gateway.apikeys.CreateApiKeyRequest;
import org.imclab.gateway.apikeys.CreatedApiKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What a service learns about the caller: only the gateway's signed headers for the authenticated
 * key, whatever caller headers the client sent, as the stub downstream recorded them.
 */
class CallerForwardingTest extends GatewayTestSupport {

    @Autowired
    CallerSignature signature;

    private static Map<String, String> callerHeaders(HttpResponse<String> echoed) {
        JsonNode headers = json(echoed).get("callerHeaders");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        headers.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    @Test
    void clientSentCallerHeadersAreReplacedByTheKeysSignedCaller() {
        CreatedApiKey key = apiKeys.create(new CreateApiKeyRequest("vision-bot", List.of("read", "submit"), null, "vision"));
        CallerSignature forger = new CallerSignature("attacker-guessed-secret-0123456789");
        var request = request("/api/v1/simulations?x=1", key.key()).GET()
                .header(CallerSignature.OWNER_HEADER, "system")
                .header(CallerSignature.SCOPE_HEADER, "admin")
                .header(CallerSignature.PROJECT_HEADER, "other-project")
                .header(CallerSignature.SIGNATURE_HEADER, forger.headersFor(Caller.SYSTEM)
                        .get(CallerSignature.SIGNATURE_HEADER));

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> seen = callerHeaders(response);
        assertThat(seen).containsEntry(CallerSignature.OWNER_HEADER, "key:" + key.id())
                .containsEntry(CallerSignature.SCOPE_HEADER, "submit")
                .containsEntry(CallerSignature.PROJECT_HEADER, "vision");
        assertThat(seen.get(CallerSignature.SIGNATURE_HEADER)).doesNotContain("|");
        assertThat(signature.verify(seen::get)).contains(new Caller("key:" + key.id(), Caller.Scope.SUBMIT, "vision"));
    }

    @Test
    void aKeyWithoutProjectSendsNoProjectEvenWhenTheClientDoes() {
        CreatedApiKey key = newKey("reader", null, "read");

        HttpResponse<String> response = send(request("/api/v1/runs", key.key()).GET()
                .header(CallerSignature.PROJECT_HEADER, "vision"));

        Map<String, String> seen = callerHeaders(response);
        assertThat(seen).doesNotContainKey(CallerSignature.PROJECT_HEADER);
        assertThat(signature.verify(seen::get)).contains(new Caller("key:" + key.id(), Caller.Scope.READ, null));
    }

    @Test
    void specFetchesAreSignedAsThePlatform() {
        HttpResponse<String> spec = send(request("/v3/api-docs/pruning").GET()
                .header(CallerSignature.OWNER_HEADER, "key:1"));

        assertThat(spec.statusCode()).isEqualTo(200);
        Map<String, String> seen = PRUNING.lastCallerHeaders();
        assertThat(seen).containsEntry(CallerSignature.OWNER_HEADER, "system");
        assertThat(signature.verify(seen::get)).contains(Caller.SYSTEM);
    }
}
