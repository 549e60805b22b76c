package org.imclab.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code imclab.service} (the process's name: its schema, metrics tag and job-service name) and
 * {@code imclab.internal.secret} (the per-install key of the caller signature, from IMCLAB_INTERNAL_SECRET;
 * no default, see {@link InternalSecretFailureAnalyzer}).
 */
@ConfigurationProperties("imclab")
public record ImclabProperties(@DefaultValue("imclab") String service, @DefaultValue Internal internal) {

    public record Internal(@DefaultValue("") String secret) {
    }
}
