package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Moves a complete staged image (its sidecar already written and synced) into place. The caller holds
 * the image's lock and the claim of the staging entry that holds {@code staged} ({@link Staging}).
 *
 * <p>Protocol of {@link #place place(staged, target)}:
 * <ol>
 *   <li>If {@code target} exists, rename it (atomic) beside {@code staged}, to
 *       {@code previous-<16 hex>} in the same staging entry: the entry's claim keeps every other
 *       process's recovery away from it, so it can always be put back.
 *   <li>Rename {@code staged} to {@code target} (atomic); on failure rename the old image back.
 *   <li>fsync the root, making both renames durable.
 * </ol>
 * The old image is deleted with the staging entry, after the image's lock is released. Readers see the
 * old image, then for an instant none, then the new one; never a mixture (a reader that finds nothing while
 * a swap into the name is pending waits for the image's lock and reads again). A process killed between
 * steps 1 and 2 leaves no image under the name, and the old and the new one in its staging entry with the
 * target recorded: the next operation that takes the image's lock, a read of the image, or recovery
 * ({@link Staging}) then completes the move, so the name ends up with the new image.
 */
final class ImageSwap {
    /** What the name of a replaced image starts with, inside the staging entry. */
    static final String PREVIOUS_PREFIX = "previous-";

    private final Fsync fsync;

    ImageSwap(Fsync fsync) {
        this.fsync = fsync;
    }

    /**
     * Replaces (or creates) {@code target} with {@code staged}.
     *
     * @throws ImageStoreException when a rename fails; the old image is then back in place if it can be
     */
    void place(Path staged, Path target) {
        Optional<Path> old = moveAside(target, staged.resolveSibling(PREVIOUS_PREFIX + RandomIds.next()));
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ImageStoreException failure = new ImageStoreException("cannot move the new image into " + target
                    + ": " + e + "; the previous image is kept", e);
            old.ifPresent(aside -> restore(aside, target, failure));
            throw failure;
        }
        try {
            fsync.directory(target.getParent());
        } catch (IOException e) {
            throw new ImageStoreException("moved the new image into " + target + " but could not sync "
                    + target.getParent() + ": " + e + "; it may not survive a power loss", e);
        }
    }

    /**
     * Moves the directory {@code rootfs} (atomic rename) to {@code image}'s {@code rootfs/}, which must be
     * absent, and syncs {@code image}: how recovery gives a sidecar written into an interrupted commit's empty
     * name the rootfs that commit carried.
     */
    void placeRootfs(Path rootfs, Path image) {
        Path target = image.resolve(Staging.ROOTFS_DIRECTORY);
        try {
            Files.move(rootfs, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ImageStoreException("cannot move " + rootfs + " to " + target + ": " + e
                    + "; the image keeps its sidecar without a rootfs for now, and recovery retries", e);
        }
        try {
            fsync.directory(image);
        } catch (IOException e) {
            throw new ImageStoreException("moved " + rootfs + " to " + target + " but could not sync " + image + ": "
                    + e + "; it may not survive a power loss", e);
        }
    }

    private static Optional<Path> moveAside(Path target, Path aside) {
        if (Files.notExists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(aside);
        } catch (IOException e) {
            throw new ImageStoreException("cannot move the previous image " + target + " out of the way: " + e
                    + "; nothing was changed", e);
        }
    }

    private static void restore(Path aside, Path target, ImageStoreException failure) {
        try {
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
