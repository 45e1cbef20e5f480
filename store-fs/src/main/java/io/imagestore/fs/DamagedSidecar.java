package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A sidecar that cannot be trusted, set aside rather than deleted: {@code metadata.json} is renamed (atomic,
 * the entry itself: a symbolic link stays a link, a FIFO a FIFO, its bytes untouched) to
 * {@code metadata.json.damaged-<16 hex>} in the same directory, and the directory is synced. The image then
 * has no sidecar but keeps its rootfs: {@code prune} never removes a directory holding a set-aside sidecar, and
 * {@code fsck} reports it until its platform is recorded again. The caller holds the image directory's lock.
 */
final class DamagedSidecar {
    /** What a set-aside sidecar's name starts with. */
    static final String PREFIX = LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE + ".damaged-";

    private DamagedSidecar() {}

    /**
     * Moves {@code directory}'s sidecar aside; returns its new path.
     *
     * @throws ImageStoreException when it cannot be renamed (it is then untouched)
     */
    static Path setAside(Path directory, Fsync fsync) {
        Path sidecar = directory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        Path aside = directory.resolve(PREFIX + RandomIds.next());
        try {
            Files.move(sidecar, aside, StandardCopyOption.ATOMIC_MOVE);
            fsync.directory(directory);
        } catch (IOException e) {
            throw new ImageStoreException("cannot set the damaged sidecar " + sidecar + " aside: " + e
                    + " (check permissions); nothing was deleted", e);
        }
        return aside;
    }

    /**
     * With one {@code lstat}: whether {@code directory} holds a sidecar that is a regular file; one that is
     * not (a symbolic link, a FIFO, a directory) is set aside first, so that a write can then put a new one
     * in its place.
     */
    static boolean presentOrSetAside(Path directory, Fsync fsync) {
        Optional<BasicFileAttributes> attributes = AtomicFile.lstat(directory.resolve(
                LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE));
        if (attributes.isEmpty()) {
            return false;
        }
        if (attributes.get().isRegularFile()) {
            return true;
        }
        setAside(directory, fsync);
        return false;
    }

    /** Whether {@code directory} holds a set-aside sidecar (so it is an image, not an interrupted write). */
    static boolean isHeldIn(Path directory) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(PREFIX))) {
            return entries.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | DirectoryIteratorException e) {
            return true; // what cannot be examined is kept
        }
    }
}
