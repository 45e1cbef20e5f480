package io.imagestore.api;

/**
 * The root of every error imagestore raises: unchecked, with a message that says what was
 * wrong, with which input or file, and what to do about it. I/O failures keep their cause.
 */
public class ImageStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the given message. */
    public ImageStoreException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and the failure that caused it. */
    public ImageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
