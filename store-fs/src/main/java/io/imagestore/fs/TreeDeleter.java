package io.imagestore.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Deletes a directory tree without following symbolic links (a link is deleted, never its target).
 * Entries that vanish meanwhile (another process deleting the same leftover) are not errors; a
 * directory that refuses deletion of its entries (a read-only directory in a rootfs) is made
 * writable for its owner and the deletion retried once.
 */
final class TreeDeleter {
    private TreeDeleter() {}

    /** Deletes {@code top} and everything under it; does nothing when it does not exist. */
    static void delete(Path top) throws IOException {
        if (Files.notExists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new VanishingEntriesVisitor() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                deleteEntry(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                deleteEntry(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteEntry(Path entry) throws IOException {
        try {
            Files.deleteIfExists(entry);
        } catch (AccessDeniedException e) {
            if (!makeWritable(entry.getParent())) {
                throw e;
            }
            Files.deleteIfExists(entry);
        }
    }

    private static boolean makeWritable(Path directory) throws IOException {
        PosixFileAttributeView view = directory == null ? null
                : Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return false;
        }
        Set<PosixFilePermission> permissions = EnumSet.copyOf(view.readAttributes().permissions());
        if (!permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE))) {
            return false;
        }
        view.setPermissions(permissions);
        return true;
    }
}
