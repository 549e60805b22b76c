package org.imclab.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {

    @Test
    void generatedKeysRoundTripThroughParse() {
        ApiKeyToken token = ApiKeyToken.generate();

        ApiKeyToken parsed = ApiKeyToken.parse(token.value()).orElseThrow();

        assertThat(parsed).isEqualTo(token);
        assertThat(token.prefix()).matches("[0-9a-f]{10}");
        assertThat(token.secret()).hasSize(43);
        assertThat(token.value()).startsWith("imc_" + token.prefix() + "_");
        assertThat(ApiKeyToken.generate().prefix()).isNotEqualTo(token.prefix());
    }

    @Test
    void secretMayContainUnderscoresButThePrefixEndsAtTheFirst() {
        ApiKeyToken token = ApiKeyToken.parse("imc_abcd1234_se_cr_et-0123456789abcdef").orElseThrow();

        assertThat(token.prefix()).isEqualTo("abcd1234");
        assertThat(token.secret()).isEqualTo("se_cr_et-0123456789abcdef");
    }

    @Test
    void malformedKeysDoNotParse() {
        assertThat(ApiKeyToken.parse(null)).isEmpty();
        assertThat(ApiKeyToken.parse("abcd1234_0123456789abcdef")).isEmpty();
        assertThat(ApiKeyToken.parse("imc_abcd12340123456789abcdef")).isEmpty();
        assertThat(ApiKeyToken.parse("imc_ab_0123456789abcdef")).isEmpty();
        assertThat(ApiKeyToken.parse("imc_abcd1234_short")).isEmpty();
        assertThat(ApiKeyToken.parse("imc_abcd1234_0123456789 abcdef")).isEmpty();
    }

    @Test
    void hashIsSha256OfTheSecretAndToStringHidesIt() {
        ApiKeyToken token = new ApiKeyToken("abcd1234", "abc");

        assertThat(token.secretSha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(token.toString()).isEqualTo("imc_abcd1234_***");
    }
}
