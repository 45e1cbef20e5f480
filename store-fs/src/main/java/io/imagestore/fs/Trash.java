package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code .imagestore/trash/}: removed images are renamed here (atomically, on the same
 * file system) before they are deleted, so an image disappears from view at once however large it is.
 * Entries are named by 16 random hex digits. Everything here is garbage: what a killed process leaves
 * is deleted by recovery ({@code open}, {@code prune}, {@code fsck --repair}); two processes deleting
 * one entry at once is harmless.
 */
final class Trash {
    private static final LazyLogger LOG = new LazyLogger(Trash.class);

    private final Path directory;
    private final Fsync fsync;

    Trash(Path directory, Fsync fsync) {
        this.directory = directory;
        this.fsync = fsync;
    }

    /** Renames {@code path} into the trash atomically and returns its new path. */
    private Path moveIn(Path path) throws IOException {
        Path entry = directory.resolve(RandomIds.next());
        Files.move(path, entry, StandardCopyOption.ATOMIC_MOVE);
        return entry;
    }

    /**
     * Takes an image directory out of view: renames it into the trash and syncs its parent, so the
     * removal is durable. The caller then {@linkplain #empty empties} the returned entry, preferably
     * after releasing the image's lock.
     *
     * @return the trash entry now holding the image
     * @throws ImageStoreException when the rename fails (the image is then untouched), or when the parent
     *     cannot be synced (the image is then out of view but the removal is not durable)
     */
    Path remove(Path imageDirectory) {
        Path entry;
        try {
            entry = moveIn(imageDirectory);
        } catch (IOException e) {
            throw new ImageStoreException("cannot remove " + imageDirectory + ": " + e
                    + " (check permissions); the image is untouched", e);
        }
        try {
            fsync.directory(imageDirectory.getParent());
        } catch (IOException e) {
            // Not acknowledged: a power loss could bring the image back. Recovery empties the trash entry.
            throw new ImageStoreException("removed " + imageDirectory + " from view but could not sync "
                    + imageDirectory.getParent() + ": " + e + "; after a power loss it may reappear, so check the"
                    + " disk and remove it again", e);
        }
        return entry;
    }

    /** Deletes a trash entry; a failure is logged, not thrown: the entry is already out of view. */
    void empty(Path entry) {
        try {
            TreeDeleter.delete(entry);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {} ({}); 'imagestore prune' will retry", entry, e.toString());
        }
    }

    /** Finds (and with {@code apply}, deletes) the trash entries last modified before {@code cutoff}. */
    List<Leftover> leftovers(boolean apply, Instant cutoff) {
        List<Leftover> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                leftover(entry, cutoff).ifPresent(found::add);
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warn("could not list {} ({}); 'imagestore prune' will retry", directory, e.toString());
        }
        if (apply) {
            for (Leftover leftover : found) {
                empty(leftover.path());
            }
        }
        return found;
    }

    private static Optional<Leftover> leftover(Path entry, Instant cutoff) {
        try {
            if (Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
                return Optional.empty();
            }
            return Optional.of(new Leftover(FsckReport.Kind.STALE_TRASH, entry, "removed image not yet deleted",
                    TreeSize.of(entry)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("could not examine {} ({})", entry, e.toString());
            return Optional.empty();
        }
    }
}
