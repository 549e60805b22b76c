package org.imclab.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void scopesNest() {
        assertThat(Scope.ADMIN.grants(Scope.SUBMIT)).isTrue();
        assertThat(Scope.ADMIN.grants(Scope.READ)).isTrue();
        assertThat(Scope.SUBMIT.grants(Scope.READ)).isTrue();
        assertThat(Scope.SUBMIT.grants(Scope.ADMIN)).isFalse();
        assertThat(Scope.READ.grants(Scope.SUBMIT)).isFalse();
    }

    @Test
    void requiredScopeFollowsMethodAndPath() {
        assertThat(Scope.requiredFor("GET", "/api/v1/runs")).isEqualTo(Scope.READ);
        assertThat(Scope.requiredFor("HEAD", "/api/v1/artifacts/abc")).isEqualTo(Scope.READ);
        assertThat(Scope.requiredFor("POST", "/api/v1/training-jobs")).isEqualTo(Scope.SUBMIT);
        assertThat(Scope.requiredFor("DELETE", "/api/v1/datasets/7")).isEqualTo(Scope.SUBMIT);
        assertThat(Scope.requiredFor("PUT", "/api/v1/models/m")).isEqualTo(Scope.SUBMIT);
        assertThat(Scope.requiredFor("GET", "/api/v1/admin/api-keys")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.requiredFor("GET", "/api/v1/admin")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.requiredFor("GET", "/api/v1/administrators")).isEqualTo(Scope.READ);
    }

    @Test
    void wireNamesParse() {
        assertThat(Scope.parse("submit")).contains(Scope.SUBMIT);
        assertThat(Scope.parse("SUBMIT")).isEmpty();
        assertThat(Scope.parse("root")).isEmpty();
    }
}
