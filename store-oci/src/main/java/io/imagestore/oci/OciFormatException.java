package io.imagestore.oci;

import io.imagestore.api.ImageStoreException;

/**
 * A malformed OCI or Docker document or archive: the message names the blob or file and what is wrong
 * with it. The image it belongs to cannot be loaded; nothing was stored.
 */
public class OciFormatException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code what} (a blob digest, a file name) with the reason it is wrong. */
    public OciFormatException(String what, String reason) {
        super(what + ": " + reason);
    }

    /** Creates the exception for {@code what} with the reason and the failure behind it. */
    public OciFormatException(String what, String reason, Throwable cause) {
        super(what + ": " + reason, cause);
    }
}
