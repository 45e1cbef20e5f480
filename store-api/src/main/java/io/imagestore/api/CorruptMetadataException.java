package io.imagestore.api;

/**
 * A {@code metadata.json} sidecar that cannot be trusted: unreadable, not a regular file, too large,
 * or not the JSON the store writes. Only the image it belongs to is affected.
 */
public final class CorruptMetadataException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String reason;

    /** Creates the exception for {@code source} (a path or a description of the input). */
    public CorruptMetadataException(String source, String reason) {
        this(source, reason, null);
    }

    /** Creates the exception for {@code source}, keeping the failure that revealed the damage. */
    public CorruptMetadataException(String source, String reason, Throwable cause) {
        super("corrupt image metadata in " + source + ": " + reason
                + " (rewrite it with 'imagestore write', remove the image with 'imagestore rm', or let"
                + " 'imagestore fsck --repair' rebuild it or set it aside)", cause);
        this.source = source;
        this.reason = reason;
    }

    /** The file (or description of the input) that was corrupt. */
    public String source() {
        return source;
    }

    /** What is wrong with it, without the advice of {@link #getMessage()}. */
    public String reason() {
        return reason;
    }
}
