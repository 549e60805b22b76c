package org.imclab.gateway.apikeys;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** gateway.api_key through plain JDBC. */
@Repository
class ApiKeyRepository {

    private static final String COLUMNS =
            "id, name, prefix, secret_sha256, scopes, created_at, revoked_at, rate_limit_per_minute, project";

    private final JdbcClient jdbc;

    ApiKeyRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    Optional<ApiKey> findByPrefix(String prefix) {
        return jdbc.sql("select " + COLUMNS + " from gateway.api_key where prefix = ?")
                .param(prefix).query(ApiKeyRepository::map).optional();
    }

    Optional<ApiKey> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from gateway.api_key where id = ?")
                .param(id).query(ApiKeyRepository::map).optional();
    }

    List<ApiKey> findAll() {
        return jdbc.sql("select " + COLUMNS + " from gateway.api_key order by id").query(ApiKeyRepository::map).list();
    }

    ApiKey insert(String name, ApiKeyToken token, List<Scope> scopes, Integer rateLimitPerMinute, String project) {
        return jdbc.sql("insert into gateway.api_key (name, prefix, secret_sha256, scopes, rate_limit_per_minute, project)"
                        + " values (?, ?, ?, ?, ?, ?) returning " + COLUMNS)
                .params(name, token.prefix(), token.secretSha256(), wireNames(scopes), rateLimitPerMinute, project)
                .query(ApiKeyRepository::map).single();
    }

    /** Inserts unless a key with this prefix or hash exists; safe when several replicas start at once. */
    boolean insertIfAbsent(String name, ApiKeyToken token, List<Scope> scopes) {
        return jdbc.sql("insert into gateway.api_key (name, prefix, secret_sha256, scopes)"
                        + " values (?, ?, ?, ?) on conflict do nothing")
                .params(name, token.prefix(), token.secretSha256(), wireNames(scopes))
                .update() == 1;
    }

    /** Marks the key revoked (keeping the first revocation time) and returns it; empty for an unknown id. */
    Optional<ApiKey> revoke(long id) {
        return jdbc.sql("update gateway.api_key set revoked_at = coalesce(revoked_at, now()) where id = ? returning "
                        + COLUMNS)
                .param(id).query(ApiKeyRepository::map).optional();
    }

    private static String[] wireNames(List<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).toArray(String[]::new);
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        Integer limit = rs.getObject("rate_limit_per_minute", Integer.class);
        return new ApiKey(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
                rs.getString("secret_sha256"), scopes(rs.getArray("scopes")),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant(),
                limit, rs.getString("project"));
    }

    private static List<Scope> scopes(Array array) throws SQLException {
        List<Scope> scopes = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            // Rows are written only through this class, so every stored name parses.
            Scope.parse((String) value).ifPresent(scopes::add);
        }
        return List.copyOf(scopes);
    }
}
