package io.imagestore.registry;

/**
 * A registry (or its token service) asked for credentials that were not given, or refused the ones
 * that were. The message names the registry and where the credentials came from, never the
 * credentials themselves.
 */
public final class RegistryAuthenticationException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the registry and what to do. */
    public RegistryAuthenticationException(String message) {
        super(message);
    }
}
