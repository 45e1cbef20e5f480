package io.imagestore.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Copies a tree for {@code tag}: regular files as hard links where the file system allows (they then
 * share content with the source, as {@code cp -al} does), else as copies; symbolic links as links
 * (never followed); directories with their permissions and modification times. Special files
 * (devices, pipes, sockets) are skipped with a warning. After the first refused hard link the rest
 * of the tree is copied.
 */
final class TreeCopier {
    private static final LazyLogger LOG = new LazyLogger(TreeCopier.class);

    private TreeCopier() {}

    /** Copies {@code source} to {@code target}, which must not exist; does nothing without a {@code source}. */
    static void copy(Path source, Path target) throws IOException {
        if (Files.notExists(source, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            private boolean linking = true;

            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                Files.createDirectory(target.resolve(source.relativize(directory)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path copy = target.resolve(source.relativize(file));
                if (attributes.isRegularFile()) {
                    linking = linking && link(file, copy);
                    if (!linking) {
                        LockRegistry.INSTANCE.refuseLockFile(file, attributes);
                        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                } else if (attributes.isSymbolicLink()) {
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                } else {
                    LOG.warn("not copying special file {} (device, pipe or socket)", file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                copyDirectoryAttributes(directory, target.resolve(source.relativize(directory)));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean link(Path existing, Path link) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot hard-link {} ({}); copying the rest of the tree", existing, e.toString());
            return false;
        }
    }

    private static void copyDirectoryAttributes(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            PosixFileAttributes attributes = Files.readAttributes(from, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setPermissions(attributes.permissions());
            view.setTimes(attributes.lastModifiedTime(), null, null);
            return;
        }
        Files.setLastModifiedTime(to, Files.getLastModifiedTime(from, LinkOption.NOFOLLOW_LINKS));
    }
}
