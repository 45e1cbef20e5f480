package io.imagestore.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Forces files and directories to stable storage; under {@link Durability#NONE} every method does
 * nothing. A directory is synced by forcing a read-only channel opened on it, which makes the names
 * created, renamed or deleted in it durable (Linux and macOS; {@code fsync(2)} on the directory).
 * A file its owner may not read (mode 000, as {@code /etc/shadow} in RHEL-family images) is made
 * owner-readable just long enough to open it, then given back its permissions.
 */
final class Fsync {
    private final Durability durability;

    Fsync(Durability durability) {
        this.durability = durability;
    }

    /** Whether this instance syncs at all. */
    boolean enabled() {
        return durability == Durability.FSYNC;
    }

    /** Forces an open file's content and metadata. */
    void file(FileChannel channel) throws IOException {
        if (enabled()) {
            channel.force(true);
        }
    }

    /** Makes the entries of {@code directory} durable. */
    void directory(Path directory) throws IOException {
        if (!enabled()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void forceFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (AccessDeniedException denied) {
            forceUnreadable(file, denied);
        }
    }

    private static void forceUnreadable(Path file, AccessDeniedException denied) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> original = view == null ? Set.of() : view.readAttributes().permissions();
        if (view == null || original.contains(PosixFilePermission.OWNER_READ)) {
            throw denied;
        }
        Set<PosixFilePermission> readable = EnumSet.of(PosixFilePermission.OWNER_READ);
        readable.addAll(original);
        view.setPermissions(readable);
        IOException failure = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            failure = e;
        }
        try {
            view.setPermissions(original);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Forces every regular file and directory under {@code top} (itself included), not following links.
     *
     * @throws io.imagestore.api.ImageStoreException when a file is a hard link to a lock file this process holds
     *     open (see {@link LockRegistry}), which must never be opened
     */
    void tree(Path top) throws IOException {
        if (!enabled()) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    LockRegistry.INSTANCE.refuseLockFile(file, attributes);
                    forceFile(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                directory(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
