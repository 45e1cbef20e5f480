package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Leftovers inside the image area, each removed only under its directory's {@code dir:} lock, taken
 * without waiting (a directory being written is skipped, not waited for):
 * <ul>
 *   <li>temp files of interrupted sidecar writes ({@code metadata.json.tmp-*}, see {@link AtomicFile}):
 *       under the lock no writer can still be using one;
 *   <li>incomplete image directories (no {@code metadata.json}) whose name the default scheme produces:
 *       under the lock no write or commit can be creating one. In the zlayer layout such a directory
 *       may be an image built before sidecars existed, so callers only report it; a directory holding a
 *       set-aside sidecar ({@link DamagedSidecar}) is an image whose sidecar was damaged, never a leftover.
 * </ul>
 * Only entries last modified before the caller's cutoff are considered.
 */
final class ImageLeftovers {
    private static final LazyLogger LOG = new LazyLogger(ImageLeftovers.class);

    private final ImageDirectories directories;
    private final ImageLocks locks;
    private final Trash trash;

    ImageLeftovers(ImageDirectories directories, ImageLocks locks, Trash trash) {
        this.directories = directories;
        this.locks = locks;
        this.trash = trash;
    }

    /** Finds (and with {@code apply}, deletes) the stale temp files in image directory {@code name}. */
    List<Leftover> tempFiles(String name, boolean apply, Instant cutoff) {
        Path directory = directories.resolve(name);
        List<Leftover> found = staleTempFiles(directory, cutoff);
        if (!apply || found.isEmpty()) {
            return found;
        }
        Optional<ImageLocks.Held> held = lockDirectory(name);
        if (held.isEmpty()) {
            return List.of();
        }
        try (ImageLocks.Held ignored = held.get()) {
            for (Leftover leftover : found) {
                Files.deleteIfExists(leftover.path());
            }
        } catch (IOException e) {
            LOG.warn("could not delete a temp file in {} ({})", directory, e.toString());
        }
        return found;
    }

    /**
     * Finds (and with {@code apply}, removes) image directory {@code name} when it has no sidecar, the
     * default scheme produces its name, and it was last modified before {@code cutoff}.
     */
    Optional<Leftover> incompleteImage(String name, boolean apply, Instant cutoff) {
        Path directory = directories.resolve(name);
        if (!isIncomplete(directory, cutoff) || !DirectoryNames.isProduced(name)) {
            return Optional.empty();
        }
        long bytes = measure(directory);
        Leftover leftover = new Leftover(FsckReport.Kind.INCOMPLETE_IMAGE, directory,
                "image directory without " + LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE
                        + " (a build or write interrupted before it completed)", bytes);
        if (!apply) {
            return Optional.of(leftover);
        }
        Optional<ImageLocks.Held> held = lockDirectory(name);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Path entry;
        try (ImageLocks.Held ignored = held.get()) {
            if (!isIncomplete(directory, cutoff)) {
                return Optional.empty();
            }
            entry = trash.remove(directory);
        }
        trash.empty(entry);
        return Optional.of(leftover);
    }

    /**
     * Whether {@code directory} is a real directory without a sidecar, in which nothing was modified after
     * {@code cutoff}: a builder filling {@code rootfs/} for longer than the grace period changes only
     * entries deep in the tree, never the directory's own modification time.
     */
    static boolean isIncomplete(Path directory, Instant cutoff) {
        try {
            return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                    && Files.notExists(directory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE),
                            LinkOption.NOFOLLOW_LINKS)
                    && !DamagedSidecar.isHeldIn(directory)
                    && !TreeSize.modifiedAfter(directory, cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<ImageLocks.Held> lockDirectory(String name) {
        return locks.tryAcquire(ImageLocks.plan(name)
                .add(List.of(ImageDirectories.directoryKey(name)), LockRegistry.Mode.EXCLUSIVE));
    }

    private static List<Leftover> staleTempFiles(Path directory, Instant cutoff) {
        List<Leftover> found = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> AtomicFile.isTempFile(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                staleTempFile(entry, cutoff).ifPresent(found::add);
            }
        } catch (NoSuchFileException e) {
            return found;
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warn("could not list {} ({})", directory, e.toString());
        }
        return found;
    }

    private static Optional<Leftover> staleTempFile(Path file, Instant cutoff) {
        try {
            if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
                return Optional.empty();
            }
            long bytes = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
            return Optional.of(new Leftover(FsckReport.Kind.STALE_TEMP_FILE, file,
                    "temp file of an interrupted sidecar write", bytes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long measure(Path directory) {
        try {
            return TreeSize.of(directory);
        } catch (IOException e) {
            throw new ImageStoreException("cannot measure " + directory + ": " + e, e);
        }
    }
}
