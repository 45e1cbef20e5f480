package io.imagestore.registry;

import io.imagestore.api.ImageStoreException;

/**
 * A registry refused a request, answered something that breaks the distribution protocol, or could
 * not be reached after the retries. The message names the registry, the repository or blob and what
 * to do; it never holds credentials.
 */
public class RegistryException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the registry and what went wrong. */
    public RegistryException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming the registry and the failure that caused it. */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
