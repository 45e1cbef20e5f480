package io.imagestore.api;

import java.util.List;
import java.util.Optional;

/**
 * A local store of images, each a {@code rootfs/} directory with a {@code metadata.json} sidecar that
 * records its reference and platform. Builders write, the dispatch router reads, possibly from many
 * threads and processes at once.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 *   <li><b>Atomic sidecars.</b> A reader sees either the previous complete sidecar or the new complete
 *       one, never a mixture, an empty file or a torn one, whatever happens to the writer.
 *   <li><b>Durable acknowledgement.</b> When {@link #write} or {@link ImageBuild#commit} returns, the
 *       sidecar survives a crash of the process (and, with durable stores, of the machine).
 *   <li><b>Isolation of damage.</b> A corrupt sidecar fails only the operations on its own image;
 *       {@link #list()} and {@link #prune} skip it and go on.
 *   <li><b>Containment.</b> Nothing is read or written outside the store's root, whatever the reference.
 * </ul>
 * Every method is safe to call from any thread. References are compared in canonical form
 * ({@code alpine} and {@code docker.io/library/alpine:latest} are one image).
 */
public interface LocalImageStore {
    /**
     * Writes {@code metadata} as the sidecar of the image its reference names, creating the image's
     * directory if needed, and replacing any previous sidecar atomically.
     *
     * @return the metadata as stored
     * @throws InvalidReferenceException when {@code metadata.reference()} is not a valid reference
     * @throws ReferenceConflictException when the image's directory belongs to another reference
     * @throws LockTimeoutException when the image's lock is not acquired in time
     * @throws ImageStoreException for an I/O failure; the previous sidecar is then untouched
     */
    LocalImageMetadata write(LocalImageMetadata metadata);

    /**
     * Reads the sidecar of {@code reference} without taking a lock.
     *
     * @return the metadata, or empty when the image has no sidecar (absent or still being built)
     * @throws CorruptMetadataException when the sidecar exists but is not a valid one (names the file)
     * @throws ReferenceConflictException when the sidecar found belongs to another reference
     */
    Optional<LocalImageMetadata> read(ImageReference reference);

    /**
     * Lists every complete image, sorted by canonical reference. Images with a missing or corrupt
     * sidecar are skipped (and logged), never fatal. Cost is linear in the number of images.
     */
    List<LocalImageMetadata> list();

    /**
     * Removes an image: it disappears from view atomically, then its files are deleted.
     *
     * @param force remove it even when the embedder reports it in use
     * @throws ImageNotFoundException when there is no such image
     * @throws ImageInUseException when it is in use and {@code force} is false
     * @throws LockTimeoutException when the image's lock is not acquired in time
     */
    void remove(ImageReference reference, boolean force);

    /**
     * Makes {@code target} an image of its own (its own directory and a sidecar naming {@code target}) whose
     * rootfs shares {@code source}'s files: hard links where the file system allows, copies elsewhere, as
     * docker's tags share layers. A committed rootfs is immutable, so sharing is safe; a caller that changed a
     * file in place would change it in every tag. Removing either image leaves the other whole. An existing
     * {@code target} is replaced. Both images are locked, in a fixed order.
     *
     * @return the target's metadata
     * @throws ImageNotFoundException when {@code source} does not exist
     * @throws LockTimeoutException when a lock is not acquired in time
     */
    LocalImageMetadata tag(ImageReference source, ImageReference target);

    /**
     * Removes leftovers (incomplete images past the grace period that no process holds, stale temp files,
     * staging and trash) and, when {@link PruneOptions#allUnused()}, every complete image not in use.
     *
     * @return what was removed (or would be, in a dry run) and the bytes reclaimed
     */
    PruneResult prune(PruneOptions options);

    /**
     * Resolves the image's platform: from the sidecar, else an OCI image config beside the rootfs, else
     * the headers of executables in the rootfs, else unknown. A corrupt sidecar is an error
     * ({@link CorruptSidecarPolicy#FAIL}).
     *
     * @throws ImageNotFoundException when the image has neither a sidecar nor a directory
     * @throws CorruptMetadataException when the sidecar cannot be trusted or names no valid platform
     */
    default ResolvedPlatform resolvePlatform(ImageReference reference) {
        return resolvePlatform(reference, CorruptSidecarPolicy.FAIL);
    }

    /**
     * As {@link #resolvePlatform(ImageReference)}; {@code corruptSidecar} says whether a sidecar that cannot be
     * trusted fails or is ignored in favour of the image's files.
     *
     * @throws ImageNotFoundException when the image has neither a sidecar nor a directory
     * @throws CorruptMetadataException when the sidecar cannot be trusted and the policy is
     *     {@link CorruptSidecarPolicy#FAIL}
     */
    ResolvedPlatform resolvePlatform(ImageReference reference, CorruptSidecarPolicy corruptSidecar);

    /**
     * Begins building {@code reference} in a private staging directory; nothing is visible under the
     * reference until {@link ImageBuild#commit}.
     */
    ImageBuild beginBuild(ImageReference reference);
}
