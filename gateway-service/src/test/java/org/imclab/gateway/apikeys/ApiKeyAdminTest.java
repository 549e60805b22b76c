package org.imclab.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The admin endpoints, what the database keeps of a key, and the bootstrap key. */
class ApiKeyAdminTest extends GatewayTestSupport {

    @Autowired
    DataSource dataSource;

    @Autowired
    AdminKeyBootstrap bootstrap;

    @Test
    void createdKeyIsShownOnceAndStoredOnlyAsItsHash() {
        HttpResponse<String> created = postJson("/api/v1/admin/api-keys", BOOTSTRAP_KEY,
                "{\"name\":\"ci-pipeline\",\"scopes\":[\"submit\"],\"rateLimitPerMinute\":120}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        long id = body.get("id").asLong();
        String key = body.get("key").asString();
        ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/admin/api-keys/" + id);
        assertThat(body.get("prefix").asString()).isEqualTo(token.prefix());
        assertThat(body.get("scopes").get(0).asString()).isEqualTo("submit");
        assertThat(body.get("rateLimitPerMinute").asInt()).isEqualTo(120);

        Map<String, Object> row = jdbc().sql("select name, prefix, secret_sha256, scopes::text as scopes,"
                + " t::text as whole from gateway.api_key t where id = ?").param(id).query().singleRow();
        assertThat(row.get("secret_sha256")).isEqualTo(ApiKeyToken.sha256Hex(token.secret()));
        assertThat(row.get("scopes")).isEqualTo("{submit}");
        assertThat((String) row.get("whole")).doesNotContain(token.secret());

        HttpResponse<String> list = get("/api/v1/admin/api-keys", BOOTSTRAP_KEY);
        HttpResponse<String> one = get("/api/v1/admin/api-keys/" + id, BOOTSTRAP_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(token.prefix()).doesNotContain(token.secret())
                .doesNotContain((String) row.get("secret_sha256"));
        assertThat(json(one).has("key")).isFalse();
        assertThat(json(one).get("name").asString()).isEqualTo("ci-pipeline");
    }

    @Test
    void aKeyMayBelongToAProjectWhichItsViewsShow() {
        HttpResponse<String> created = postJson("/api/v1/admin/api-keys", BOOTSTRAP_KEY,
                "{\"name\":\"vision-bot\",\"scopes\":[\"submit\"],\"project\":\" vision \"}");

        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(json(created).get("project").asString()).isEqualTo("vision");
        assertThat(json(get("/api/v1/admin/api-keys/" + id, BOOTSTRAP_KEY)).get("project").asString()).isEqualTo("vision");
        HttpResponse<String> none = postJson("/api/v1/admin/api-keys", BOOTSTRAP_KEY,
                "{\"name\":\"loner\",\"scopes\":[\"read\"]}");
        assertThat(json(none).get("project").isNull()).isTrue();
    }

    @Test
    void createdKeyWorksAtOnceWithItsScopes() {
        String key = json(postJson("/api/v1/admin/api-keys", BOOTSTRAP_KEY,
                "{\"name\":\"submitter\",\"scopes\":[\"submit\"]}")).get("key").asString();

        assertThat(postJson("/api/v1/training-jobs", key, "{}").statusCode()).isEqualTo(202);
        assertThat(get("/api/v1/training-jobs", key).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/admin/api-keys", key).statusCode()).isEqualTo(403);
    }

    @Test
    void invalidCreationsAre400NamingTheField() {
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\",\"root\"]}", "scopes[1]");
        assertBadRequest("{\"name\":\"  \",\"scopes\":[\"read\"]}", "name");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[]}", "scopes");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\"],\"rateLimitPerMinute\":0}", "rateLimitPerMinute");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\"],\"rateLimitPerMinute\":\"lots\"}", "rateLimitPerMinute");
        assertBadRequest("{\"name\":\"x\",", "body");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\"],\"project\":\"a b\"}", "project");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\"],\"project\":\"-lead\"}", "project");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\"],\"project\":\"" + "p".repeat(101) + "\"}",
                "project");
        assertBadRequest("{\"name\":\"x\",\"scopes\":[\"read\"],\"project\":{\"x\":1}}", "project");
    }

    @Test
    void revokingAnUnknownKeyIs404() {
        HttpResponse<String> response = send(request("/api/v1/admin/api-keys/987654/revoke", BOOTSTRAP_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void bootstrapKeyIsStoredHashedWithAdminScopeExactlyOnce() {
        ApiKeyToken token = ApiKeyToken.parse(BOOTSTRAP_KEY).orElseThrow();

        bootstrap.afterSingletonsInstantiated();

        List<Map<String, Object>> rows = jdbc().sql("select name, secret_sha256, scopes::text as scopes"
                + " from gateway.api_key where prefix = ?").param(token.prefix()).query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("name")).isEqualTo("bootstrap-admin");
        assertThat(rows.get(0).get("scopes")).isEqualTo("{admin}");
        assertThat(rows.get(0).get("secret_sha256")).isEqualTo(token.secretSha256());
        assertThat(get("/api/v1/admin/api-keys", BOOTSTRAP_KEY).statusCode()).isEqualTo(200);
    }

    private void assertBadRequest(String body, String field) {
        HttpResponse<String> response = postJson("/api/v1/admin/api-keys", BOOTSTRAP_KEY, body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("errors").get(0).get("field").asString()).as(body).isEqualTo(field);
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }
}
