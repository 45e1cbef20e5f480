package io.imagestore.api;

/**
 * An image directory holds the sidecar of another reference than the one asked for: two spellings
 * that an older layout maps to one directory, or (vanishingly rarely) a hash collision.
 */
public final class ReferenceConflictException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception: {@code wanted} was asked for, but {@code where} belongs to {@code found}. */
    public ReferenceConflictException(String wanted, String found, String where) {
        super("image directory " + where + " belongs to " + found + ", not to " + wanted
                + "; the two references share a directory in this layout: use the other reference or the default layout");
    }
}
