package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces one file atomically and, under {@link Durability#FSYNC}, durably.
 *
 * <p>Protocol of {@link #replace replace(directory, name, content)}:
 * <ol>
 *   <li>Refuse when {@code directory} is not a real directory (a symbolic link included), or when
 *       {@code directory/name} exists and is not a regular file (a symbolic link included).
 *   <li>Write {@code content} to {@code directory/name.tmp-writing}, created exclusively without
 *       following links, and force it ({@code fsync}). Every writer of {@code directory} holds the lock
 *       guarding it, so an existing temp file was left by a killed writer: it is deleted and the creation
 *       retried once. That is how a killed writer's leftover is swept when the lock is next taken, at no
 *       cost to a write that finds none.
 *   <li>{@code Files.move(temp, directory/name, ATOMIC_MOVE)}: readers see the old file or the new one,
 *       whole, never a mixture, an empty or a torn file.
 *   <li>fsync {@code directory}, so the rename survives a power loss.
 * </ol>
 * A failure in steps 1–3 deletes the temp file and leaves the old file untouched; a failure in step 4
 * leaves the new file in place, perhaps not yet durable. The first failure is thrown, later ones
 * (such as failing to delete the temp file) are added to it as suppressed. A file system that cannot
 * rename atomically is an error: there is no non-atomic fallback. A temp file left by a killed process
 * is removed by the next write of that file, or by {@code prune} and {@code fsck --repair} under the image's
 * lock (older versions named temp files {@code name.tmp-<16 hex>}; those are swept the same way).
 */
final class AtomicFile {
    /** What follows the target's name in a temp file's name. */
    static final String TEMP_INFIX = ".tmp-";
    /** What follows {@link #TEMP_INFIX}: one temp name per target, since writers of a directory exclude each other. */
    static final String TEMP_SUFFIX = "writing";

    private static final Set<OpenOption> CREATE_TEMP = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    private final Fsync fsync;

    AtomicFile(Fsync fsync) {
        this.fsync = fsync;
    }

    /** Whether {@code fileName} is a temp file of this protocol (for any target). */
    static boolean isTempFile(String fileName) {
        return fileName.contains(TEMP_INFIX);
    }

    /**
     * Atomically replaces (or creates) {@code directory/fileName} with {@code content}.
     *
     * @throws ImageStoreException when a step fails; see the class comment for what is left behind
     */
    void replace(Path directory, String fileName, byte[] content) {
        requireRealDirectory(directory);
        replaceInCheckedDirectory(directory, fileName, content);
    }

    /**
     * {@link #replace} for a caller that has just checked, under the lock guarding it, that
     * {@code directory} is a real directory (with {@link #existsAsRealDirectory} or by creating it): step 1's
     * directory check is not repeated.
     */
    void replaceInCheckedDirectory(Path directory, String fileName, byte[] content) {
        isRegularOrAbsent(directory.resolve(fileName));
        replaceChecked(directory, fileName, content);
    }

    /**
     * {@link #replace} for a caller that has also checked, under the lock guarding it, that
     * {@code directory/fileName} is a regular file or absent ({@link #isRegularOrAbsent}).
     */
    void replaceChecked(Path directory, String fileName, byte[] content) {
        Path target = directory.resolve(fileName);
        Path temp = directory.resolve(fileName + TEMP_INFIX + TEMP_SUFFIX);
        try {
            writeTemp(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw deleteAfterFailure(temp, new ImageStoreException("the file system of " + directory
                    + " cannot rename " + target.getFileName() + " atomically, so imagestore cannot write it safely;"
                    + " put the store on a local file system (ext4, xfs, btrfs, APFS, NTFS)", e));
        } catch (IOException | RuntimeException e) {
            throw deleteAfterFailure(temp, new ImageStoreException("cannot write " + target + ": " + e
                    + "; the previous file is unchanged (check free space and permissions)", e));
        }
        try {
            fsync.directory(directory);
        } catch (IOException e) {
            throw new ImageStoreException("wrote " + target + " but could not sync its directory: " + e
                    + "; the new content is visible but may not survive a power loss", e);
        }
    }

    private void writeTemp(Path temp, byte[] content) throws IOException {
        try (FileChannel channel = createTemp(temp)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            fsync.file(channel);
        }
    }

    /** Creates the temp file exclusively, first deleting one a killed writer left (the caller holds the lock). */
    private static FileChannel createTemp(Path temp) throws IOException {
        try {
            return FileChannel.open(temp, CREATE_TEMP);
        } catch (FileAlreadyExistsException e) {
            Files.delete(temp);
            return FileChannel.open(temp, CREATE_TEMP);
        }
    }

    private static ImageStoreException deleteAfterFailure(Path temp, ImageStoreException failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** Refuses anything but a real directory (not a symbolic link) at {@code directory}. */
    static void requireRealDirectory(Path directory) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine directory " + directory + ": " + e, e);
        }
        refuseUnlessDirectory(directory, attributes);
    }

    /**
     * With one {@code lstat}: whether {@code directory} exists, refusing it when it exists but is not a
     * real directory (a symbolic link included).
     */
    static boolean existsAsRealDirectory(Path directory) {
        Optional<BasicFileAttributes> attributes = lstat(directory);
        attributes.ifPresent(found -> refuseUnlessDirectory(directory, found));
        return attributes.isPresent();
    }

    /**
     * The {@code lstat} of {@code path}; empty when it does not exist.
     *
     * @throws ImageStoreException when it cannot be examined
     */
    static Optional<BasicFileAttributes> lstat(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine " + path + ": " + e + " (check permissions)", e);
        }
    }

    private static void refuseUnlessDirectory(Path directory, BasicFileAttributes attributes) {
        if (!attributes.isDirectory()) {
            throw new ImageStoreException("refusing to write into " + directory + ": it is "
                    + describe(attributes) + ", not a directory; remove it ('imagestore rm REF' removes a link"
                    + " or file standing for an image, never a link's target)");
        }
    }

    /**
     * With one {@code lstat}: whether {@code target} exists, refusing it when it exists but is not a regular file
     * (a symbolic link included): the check of step 1.
     */
    static boolean isRegularOrAbsent(Path target) {
        Optional<BasicFileAttributes> found = lstat(target);
        if (found.isEmpty()) {
            return false;
        }
        BasicFileAttributes attributes = found.get();
        if (!attributes.isRegularFile()) {
            throw new ImageStoreException("refusing to replace " + target + ": it is " + describe(attributes)
                    + ", not a regular file; move it away ('imagestore fsck --repair' sets a damaged sidecar aside)");
        }
        return true;
    }

    /** Says what kind of file {@code attributes} describe, for error messages. */
    static String describe(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        return attributes.isRegularFile() ? "a regular file" : "a special file (device, pipe or socket)";
    }
}
