package io.imagestore.api;

import java.nio.file.Path;

/**
 * An image being built: the builder fills {@link #rootfs()}, then {@link #commit commits}. Until the
 * commit nothing is visible under the reference; closing without a commit discards the build.
 */
public interface ImageBuild extends AutoCloseable {
    /** The reference the build will be committed under. */
    ImageReference reference();

    /** The staging {@code rootfs/} directory to fill; it exists when the build begins. */
    Path rootfs();

    /**
     * Writes {@code metadata} beside the rootfs and moves the image into place atomically, replacing an
     * existing image of the same reference. The metadata's reference must parse to {@link #reference()}.
     *
     * @return the metadata as stored
     * @throws IllegalStateException when already committed or closed
     * @throws ReferenceConflictException when the metadata names another reference
     * @throws LockTimeoutException when the image's lock is not acquired in time
     */
    LocalImageMetadata commit(LocalImageMetadata metadata);

    /** Discards the staging directory unless the build was committed; never throws for a committed build. */
    @Override
    void close();
}
