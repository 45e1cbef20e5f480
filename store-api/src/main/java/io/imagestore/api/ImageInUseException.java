package io.imagestore.api;

/** An image that the embedder reports in use was asked to be removed without {@code force}. */
public final class ImageInUseException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code reference}. */
    public ImageInUseException(String reference) {
        super("image " + reference + " is in use; stop what uses it or remove it with force");
    }
}
