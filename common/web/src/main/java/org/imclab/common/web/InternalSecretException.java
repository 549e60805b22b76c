package org.imclab.common.web;

/**
 * The per-install internal secret that keys {@link CallerSignature} is missing or unusable. Every
 * service and the gateway refuse to start without it: a service that admitted unsigned requests
 * would let anyone who reaches its port bypass the gateway's API keys.
 */
public class InternalSecretException extends IllegalArgumentException {

    public InternalSecretException(String problem) {
        super(problem);
    }
}
