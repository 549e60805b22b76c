package org.imclab.common.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or short internal secret into a start-up report that says how to fix it. */
public class InternalSecretFailureAnalyzer extends AbstractFailureAnalyzer<InternalSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InternalSecretException cause) {
        return new FailureAnalysis(cause.getMessage()
                + ". Services admit only requests the gateway signed with this per-install secret, so none starts without it.",
                "Set IMCLAB_INTERNAL_SECRET (at least " + CallerSignature.MIN_SECRET_LENGTH
                        + " characters, the same value for the gateway and every service). './imclab up' generates one in"
                        + " $IMCLAB_HOME/internal.secret; for docker compose, export IMCLAB_INTERNAL_SECRET, e.g."
                        + " 'export IMCLAB_INTERNAL_SECRET=$(openssl rand -hex 32)'.",
                cause);
    }
}
