package io.imagestore.api;

import java.nio.file.Path;
import java.util.List;

/**
 * An image being built: the builder fills {@link #rootfs()}, then {@link #commit commits}. Until the
 * commit nothing is visible under the reference; closing without a commit discards the build.
 */
public interface ImageBuild extends AutoCloseable {
    /** The image config's exact bytes, beside {@code rootfs/}, where platform resolution looks first. */
    String IMAGE_CONFIG_FILE = "image-config.json";
    /** The image manifest's exact bytes, beside {@code rootfs/}. */
    String MANIFEST_FILE = "manifest.json";
    /** The files {@link #writeFile} may write. */
    List<String> FILES_BESIDE_ROOTFS = List.of(IMAGE_CONFIG_FILE, MANIFEST_FILE);

    /** The reference the build will be committed under. */
    ImageReference reference();

    /** The staging {@code rootfs/} directory to fill; it exists when the build begins. */
    Path rootfs();

    /**
     * Writes {@code content} as the file {@code name} beside {@code rootfs/} in the staged image,
     * replacing an earlier one; it becomes visible with the image on {@link #commit}.
     *
     * @param name one of {@link #FILES_BESIDE_ROOTFS}
     * @throws IllegalArgumentException when {@code name} is not one of them
     * @throws IllegalStateException when already committed or closed
     * @throws ImageStoreException when the file cannot be written
     */
    void writeFile(String name, byte[] content);

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
