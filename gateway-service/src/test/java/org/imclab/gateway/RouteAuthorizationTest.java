package org.imclab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.imclab.gateway.apikeys.CreatedApiKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** For every route group: who gets in (401, 403, 429) and that a valid key reaches the right place. */
class RouteAuthorizationTest extends GatewayTestSupport {

    /**
     * One representative read and write per group. {@code readScope} is the least a key needs to
     * read; {@code tooLowScope} is a scope that must not be enough for {@code write}.
     */
    enum RouteGroup {
        TRAINING("/api/v1/training-jobs", "/api/v1/training-jobs", "read", "read", "training"),
        HWSIM("/api/v1/simulations", "/api/v1/simulations", "read", "read", "hwsim"),
        PRUNING("/api/v1/pruning-jobs", "/api/v1/pruning-jobs", "read", "read", "pruning"),
        TRACKING("/api/v1/runs", "/api/v1/runs", "read", "read", "training"),
        ADMIN("/api/v1/admin/api-keys", "/api/v1/admin/api-keys", "admin", "submit", null);

        final String read;
        final String write;
        final String readScope;
        final String tooLowScope;
        final String service;

        RouteGroup(String read, String write, String readScope, String tooLowScope, String service) {
            this.read = read;
            this.write = write;
            this.readScope = readScope;
            this.tooLowScope = tooLowScope;
            this.service = service;
        }
    }

    @ParameterizedTest
    @EnumSource(RouteGroup.class)
    void noKeyIs401WithChallenge(RouteGroup group) {
        HttpResponse<String> response = send(request(group.read).GET());

        assertUnauthorized(response, "An API key is required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"imclab\"");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(RouteGroup.class)
    void wrongKeysAre401(RouteGroup group) {
        CreatedApiKey real = newKey("real", null, group.readScope);
        String wrongSecret = "imc_" + real.prefix() + "_" + "x".repeat(43);

        for (String wrong : new String[] {"imc_nosuch12_abcdefghijklmnopqrstuvwxyz012345", wrongSecret, "not-a-key"}) {
            HttpResponse<String> response = get(group.read, wrong);
            assertUnauthorized(response, null);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        }
        assertThat(send(request(group.read).header("X-API-Key", wrongSecret).GET()).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(RouteGroup.class)
    void revokedKeyIs401(RouteGroup group) {
        CreatedApiKey key = newKey("to-revoke", null, group.readScope);
        assertThat(get(group.read, key.key()).statusCode()).isEqualTo(200);

        HttpResponse<String> revoke = send(request("/api/v1/admin/api-keys/" + key.id() + "/revoke", BOOTSTRAP_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(json(revoke).get("revokedAt").isNull()).isFalse();

        assertUnauthorized(get(group.read, key.key()), "revoked");
    }

    @ParameterizedTest
    @EnumSource(RouteGroup.class)
    void missingScopeIs403(RouteGroup group) {
        String key = key(group.tooLowScope);
        HttpResponse<String> response = group == RouteGroup.ADMIN
                ? get(group.read, key)
                : postJson(group.write, key, "{\"experiment\":\"e\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("detail").asString()).contains("lacks the '");
    }

    @ParameterizedTest
    @EnumSource(RouteGroup.class)
    void overTheLimitIs429WithRetryAfter(RouteGroup group) {
        String key = newKey("tiny-limit", 2, group.readScope).key();

        HttpResponse<String> first = get(group.read, key);
        HttpResponse<String> second = get(group.read, key);
        HttpResponse<String> third = get(group.read, key);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
        assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        // Greedy refill of 2 per minute: the next token is due within 30 s.
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
        assertThat(json(third).get("status").asInt()).isEqualTo(429);
    }

    @ParameterizedTest
    @EnumSource(RouteGroup.class)
    void validKeyPassesWithBearerOrHeader(RouteGroup group) {
        String key = key(group.readScope);

        HttpResponse<String> bearer = get(group.read, key);
        HttpResponse<String> header = send(request(group.read).header("X-API-Key", key).GET());

        for (HttpResponse<String> response : java.util.List.of(bearer, header)) {
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            if (group.service != null) {
                assertThat(body.get("service").asString()).isEqualTo(group.service);
                assertThat(body.get("path").asString()).isEqualTo(group.read);
                assertThat(body.get("method").asString()).isEqualTo("GET");
            } else {
                assertThat(body.isArray()).isTrue();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void encodedOrParameterisedPathsCannotSkipTheKeyCheck() {
        // The container decodes /%61pi to /api and drops ;params before routing; the check must see the same path.
        for (String path : new String[] {"/%61pi/v1/admin/api-keys", "/api;x=1/v1/admin/api-keys",
                "/api/v1/x/../admin/api-keys", "/%61pi/v1/runs"}) {
            HttpResponse<String> response = send(request(path).GET());
            assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(response.body()).as(path).doesNotContain("\"prefix\"").doesNotContain("\"service\"");
        }
    }

    private static void assertUnauthorized(HttpResponse<String> response, String detailPart) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("type").asString()).isEqualTo("https://imclab.org/problems/401");
        if (detailPart != null) {
            assertThat(problem.get("detail").asString()).contains(detailPart);
        }
    }
}
