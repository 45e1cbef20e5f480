package io.imagestore.registry;

/**
 * The registry has no such repository, tag or digest ({@code MANIFEST_UNKNOWN}, {@code NAME_UNKNOWN},
 * {@code 404}). The message names the registry and the reference.
 */
public final class RemoteImageNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the registry and the reference. */
    public RemoteImageNotFoundException(String message) {
        super(message);
    }
}
