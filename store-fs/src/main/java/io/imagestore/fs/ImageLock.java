package io.imagestore.fs;

import io.imagestore.api.ImageReference;

/**
 * An image's lock, held until closed: no other thread of this JVM and no other process can write,
 * commit, tag onto or remove the image meanwhile; reads go on. The holding thread may itself call the
 * store's operations on the image (the lock is reentrant), which makes read-modify-write sequences
 * atomic. Must be closed by the thread that took it. See {@link FsLocalImageStore#lock}.
 */
public final class ImageLock implements AutoCloseable {
    private final ImageReference reference;
    private final ImageLocks.Held held;

    ImageLock(ImageReference reference, ImageLocks.Held held) {
        this.reference = reference;
        this.held = held;
    }

    /** The locked image's reference. */
    public ImageReference reference() {
        return reference;
    }

    /**
     * Releases the lock; closing again does nothing.
     *
     * @throws IllegalStateException when called by another thread than the one that took it (the lock
     *     then stays held, and its owner can still release it)
     */
    @Override
    public void close() {
        held.close();
    }

    @Override
    public String toString() {
        return "ImageLock{" + reference + "}";
    }
}
