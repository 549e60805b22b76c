package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerSignatureTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    final Instant now = Instant.parse("2026-01-01T12:00:00Z");
    final CallerSignature signer = new CallerSignature(SECRET, Clock.fixed(now, ZoneOffset.UTC));

    private Caller verifyAt(Instant at, Map<String, String> headers) {
        return new CallerSignature(SECRET, Clock.fixed(at, ZoneOffset.UTC)).verify(headers::get).orElse(null);
    }

    @Test
    void signedCallerVerifiesWithinTheMaximumAge() {
        Caller caller = new Caller("key:3", Caller.Scope.SUBMIT, "vision");
        Map<String, String> headers = signer.headersFor(caller);

        assertThat(verifyAt(now, headers)).isEqualTo(caller);
        assertThat(verifyAt(now.plus(CallerSignature.MAX_AGE), headers)).isEqualTo(caller);
        assertThat(verifyAt(now.plus(CallerSignature.MAX_AGE).plusSeconds(1), headers)).isNull();
        assertThat(verifyAt(now.minus(CallerSignature.MAX_AGE).minusSeconds(1), headers)).isNull();
    }

    @Test
    void callerWithoutProjectSendsNoProjectHeader() {
        Map<String, String> headers = signer.headersFor(Caller.SYSTEM);
        assertThat(headers).doesNotContainKey(CallerSignature.PROJECT_HEADER);
        assertThat(verifyAt(now, headers)).isEqualTo(Caller.SYSTEM);
    }

    @Test
    void missingOrShortSecretIsRefusedWithAMessageNamingTheSetting() {
        assertThatThrownBy(() -> new CallerSignature(null)).isInstanceOf(InternalSecretException.class)
                .hasMessageContaining("IMCLAB_INTERNAL_SECRET").hasMessageContaining("not set");
        assertThatThrownBy(() -> new CallerSignature("")).isInstanceOf(InternalSecretException.class)
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> new CallerSignature("short")).isInstanceOf(InternalSecretException.class)
                .hasMessageContaining("too short").hasMessageContaining("16");
    }
}
