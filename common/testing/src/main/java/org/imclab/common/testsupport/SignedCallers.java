package org.imclab.common.testsupport;

import org.imclab.common.web.Caller;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Callers for tenancy tests, and the gateway's signed headers for them. A service under test sets
 * {@code imclab.internal.secret} to {@link #SECRET} ({@link #SECRET_PROPERTY}), so these requests reach it
 * as the gateway would send them: alice and her teammate share project "alpha", bob has no project, and
 * admin sees everything.
 */
public final class SignedCallers {

    public static final String SECRET = "tenancy-test-secret";
    public static final String SECRET_PROPERTY = "imclab.internal.secret=" + SECRET;

    public static final Caller ALICE = new Caller("key:1", Caller.Scope.SUBMIT, "alpha");
    public static final Caller TEAMMATE = new Caller("key:2", Caller.Scope.SUBMIT, "alpha");
    public static final Caller BOB = new Caller("key:3", Caller.Scope.SUBMIT, null);
    public static final Caller ADMIN = new Caller("key:9", Caller.Scope.ADMIN, null);

    private SignedCallers() {
    }

    /** Signs a MockMvc request for {@code caller}, replacing the default (platform) signature. */
    public static RequestPostProcessor as(Caller caller) {
        return TestCallers.as(caller);
    }
}
