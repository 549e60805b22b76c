package org.imclab.pruning.registry;

/** training-service could not be reached or answered with a server error. */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
