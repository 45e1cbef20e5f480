package io.imagestore.api;

import java.time.Duration;

/** An image's lock was not acquired in time, usually because another process holds it. */
public final class LockTimeoutException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for the image or resource {@code what}, after waiting {@code waited}. */
    public LockTimeoutException(String what, Duration waited) {
        super("timed out after " + waited.toMillis() + " ms waiting for the lock of " + what
                + "; another builder may be writing it: retry, or raise the lock timeout");
    }
}
