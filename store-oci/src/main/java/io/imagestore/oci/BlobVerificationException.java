package io.imagestore.oci;

import io.imagestore.api.Digest;
import java.io.IOException;

/**
 * A blob whose bytes do not match what its descriptor promised: another digest, more or fewer bytes.
 * The message names the blob, what was expected and what was found.
 */
public final class BlobVerificationException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Digest expected;

    /** Creates the exception for blob {@code expected}, with the details of the mismatch. */
    public BlobVerificationException(Digest expected, String mismatch) {
        this(expected, "blob " + expected, mismatch);
    }

    /** Creates the exception for blob {@code expected}, described as {@code what}, with the mismatch. */
    public BlobVerificationException(Digest expected, String what, String mismatch) {
        super(what + " does not verify: " + mismatch
                + "; the source is corrupt or truncated, or was changed: fetch or export it again");
        this.expected = expected;
    }

    /** The digest the blob should have had. */
    public Digest expected() {
        return expected;
    }
}
