package org.imclab.gateway.apikeys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code gateway.api_key} (schema: the gateway's Flyway migrations). Keys are immutable but for
 * their revocation, which {@link ApiKeyRepository#revoke} sets in one statement, so no version column.
 */
@Entity
@Table(schema = "gateway", name = "api_key")
class ApiKeyEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String prefix;

    @Column(name = "secret_sha256")
    private String secretSha256;

    /** Wire names ("read", "submit", "admin") in a text[] column. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] scopes;

    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "rate_limit_per_minute")
    private Integer rateLimitPerMinute;

    private String project;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String name, ApiKeyToken token, List<Scope> scopes, Integer rateLimitPerMinute, String project) {
        this.name = name;
        this.prefix = token.prefix();
        this.secretSha256 = token.secretSha256();
        this.scopes = wireNames(scopes);
        this.rateLimitPerMinute = rateLimitPerMinute;
        this.project = project;
    }

    static String[] wireNames(List<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).toArray(String[]::new);
    }

    ApiKey toApiKey() {
        List<Scope> parsed = new ArrayList<>();
        for (String s : scopes) {
            // Rows are written only through this service, so every stored name parses.
            Scope.parse(s).ifPresent(parsed::add);
        }
        return new ApiKey(id, name, prefix, secretSha256, List.copyOf(parsed), createdAt, revokedAt, rateLimitPerMinute,
                project);
    }
}
