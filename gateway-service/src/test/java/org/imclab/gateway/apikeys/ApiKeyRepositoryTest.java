package org.imclab.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imclab.common.testsupport.JpaRepositoryTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The API key entity and repository on real PostgreSQL, with the gateway's Flyway schema and Hibernate
 * validating the mapping against it. Not transactional: revocation is tested across commits.
 */
class ApiKeyRepositoryTest extends JpaRepositoryTest {

    @Autowired
    ApiKeyRepository keys;

    @Test
    void aSavedKeyIsFoundByPrefixWithItsScopesAndDatabaseTimestamps() {
        ApiKeyToken token = ApiKeyToken.generate();
        ApiKey saved = keys.saveAndFlush(new ApiKeyEntity("ci", token, List.of(Scope.READ, Scope.SUBMIT), 120, "lab-a"))
                .toApiKey();
        assertThat(saved.id()).isPositive();
        assertThat(saved.createdAt()).as("the column default, read back on insert").isNotNull();

        ApiKey found = keys.findByPrefix(token.prefix()).orElseThrow().toApiKey();
        assertThat(found.scopes()).containsExactly(Scope.READ, Scope.SUBMIT);
        assertThat(found.rateLimitPerMinute()).isEqualTo(120);
        assertThat(found.project()).isEqualTo("lab-a");
        assertThat(found.matches(token)).isTrue();
        assertThat(found.revoked()).isFalse();
        assertThat(keys.findByPrefix("nope")).isEmpty();
    }

    @Test
    void revocationKeepsTheFirstRevocationTime() throws Exception {
        long id = keys.saveAndFlush(new ApiKeyEntity("revoked", ApiKeyToken.generate(), List.of(Scope.READ), null, null))
                .toApiKey().id();
        assertThat(keys.revoke(id)).isEqualTo(1);
        var first = keys.findById(id).orElseThrow().toApiKey().revokedAt();
        Thread.sleep(5);
        assertThat(keys.revoke(id)).isEqualTo(1);
        assertThat(keys.findById(id).orElseThrow().toApiKey().revokedAt()).isEqualTo(first);
        assertThat(keys.revoke(Long.MAX_VALUE)).isZero();
    }

    @Test
    void bootstrapInsertIsIdempotentAndDuplicatePrefixesAreRefused() {
        ApiKeyToken token = ApiKeyToken.generate();
        assertThat(keys.insertIfAbsent("bootstrap-admin", token.prefix(), token.secretSha256(), "{admin}")).isEqualTo(1);
        assertThat(keys.insertIfAbsent("bootstrap-admin", token.prefix(), token.secretSha256(), "{admin}")).isZero();
        assertThat(keys.findByPrefix(token.prefix()).orElseThrow().toApiKey().scopes()).containsExactly(Scope.ADMIN);
        assertThatThrownBy(() -> keys.saveAndFlush(new ApiKeyEntity("same", token, List.of(Scope.READ), null, null)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(keys.findAllByOrderByIdAsc()).extracting(e -> e.toApiKey().prefix()).containsOnlyOnce(token.prefix());
    }
}
