package org.imclab.common.registry;

/** The training-service registry could not be reached or answered with an error other than 404. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    public RegistryException(String message) {
        super(message);
    }
}
