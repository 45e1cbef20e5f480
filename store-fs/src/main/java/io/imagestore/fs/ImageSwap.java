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
 * the image's lock.
 *
 * <p>Protocol of {@link #place place(staged, target)}:
 * <ol>
 *   <li>If {@code target} exists, rename it into the trash (atomic).
 *   <li>Rename {@code staged} to {@code target} (atomic); on failure rename the old image back.
 *   <li>fsync the root, making both renames durable.
 *   <li>Delete the old image from the trash.
 * </ol>
 * Readers see the old image, then for an instant none, then the new one; never a mixture. A process
 * killed between steps 1 and 2 leaves no image under the name, the old one in the trash and the new one
 * in staging with its target recorded: recovery ({@link Staging}) then completes the move, so the name
 * ends up with the new image.
 */
final class ImageSwap {
    private final Trash trash;
    private final Fsync fsync;

    ImageSwap(Trash trash, Fsync fsync) {
        this.trash = trash;
        this.fsync = fsync;
    }

    /**
     * Replaces (or creates) {@code target} with {@code staged}.
     *
     * @throws ImageStoreException when a rename fails; the old image is then back in place if it can be
     */
    void place(Path staged, Path target) {
        Optional<Path> old = moveAside(target);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ImageStoreException failure = new ImageStoreException("cannot move the new image into " + target
                    + ": " + e + "; the previous image is kept", e);
            old.ifPresent(entry -> restore(entry, target, failure));
            throw failure;
        }
        try {
            fsync.directory(target.getParent());
        } catch (IOException e) {
            old.ifPresent(trash::empty);
            throw new ImageStoreException("moved the new image into " + target + " but could not sync "
                    + target.getParent() + ": " + e + "; it may not survive a power loss", e);
        }
        old.ifPresent(trash::empty);
    }

    private Optional<Path> moveAside(Path target) {
        if (Files.notExists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(trash.moveIn(target));
        } catch (IOException e) {
            throw new ImageStoreException("cannot move the previous image " + target + " out of the way: " + e
                    + "; nothing was changed", e);
        }
    }

    private void restore(Path entry, Path target, ImageStoreException failure) {
        try {
            trash.restore(entry, target);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
