package io.imagestore.oci;

/**
 * How {@link ImageUnpacker} stores an image. Immutable; start from {@link #defaults()}.
 */
public final class UnpackOptions {
    private static final UnpackOptions DEFAULTS = new UnpackOptions(true);

    private final boolean keepBlobs;

    private UnpackOptions(boolean keepBlobs) {
        this.keepBlobs = keepBlobs;
    }

    /** Keep blobs. */
    public static UnpackOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Whether the layers, config and manifest are also kept, as they came, in the store's blob area
     * (default true). Kept blobs let {@code save} and {@code push} reproduce the image with its original
     * digests, and later loads of images sharing layers read them from there; they cost about the
     * compressed size of the image on disk, once per distinct layer.
     */
    public boolean keepBlobs() {
        return keepBlobs;
    }

    /** A copy with {@link #keepBlobs()} set to {@code value}. */
    public UnpackOptions withKeepBlobs(boolean value) {
        return new UnpackOptions(value);
    }

    @Override
    public String toString() {
        return "UnpackOptions{keepBlobs=" + keepBlobs + "}";
    }
}
