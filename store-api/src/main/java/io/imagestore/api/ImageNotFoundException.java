package io.imagestore.api;

/** No complete image (a directory with a readable {@code metadata.json}) exists for a reference. */
public final class ImageNotFoundException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final String reference;

    /** Creates the exception for {@code reference}. */
    public ImageNotFoundException(String reference) {
        super("no such image: " + reference + " (see 'imagestore ls' for the images in this store)");
        this.reference = reference;
    }

    /** The reference that was looked up. */
    public String reference() {
        return reference;
    }
}
