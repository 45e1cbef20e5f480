package io.imagestore.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Measures a tree: the sum of the sizes of its regular files, not following symbolic links, each
 * hard-linked file counted once (by file key), and whether anything in it was modified after a given
 * instant. Entries that vanish during the walk are skipped.
 */
final class TreeSize {
    private TreeSize() {}

    /** The bytes of regular files under {@code top}; 0 when it does not exist. */
    static long of(Path top) throws IOException {
        if (Files.notExists(top, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Set<Object> seen = new HashSet<>();
        long[] total = {0};
        Files.walkFileTree(top, new VanishingEntriesVisitor() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Object key = attributes.fileKey();
                if (attributes.isRegularFile() && (key == null || seen.add(key))) {
                    total[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /**
     * Whether {@code top} or any entry under it (symbolic links themselves, never their targets) was
     * last modified after {@code instant}; false when {@code top} does not exist. Stops at the first one.
     */
    static boolean modifiedAfter(Path top, Instant instant) throws IOException {
        if (Files.notExists(top, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean[] found = {false};
        Files.walkFileTree(top, new VanishingEntriesVisitor() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                return check(attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                return check(attributes);
            }

            private FileVisitResult check(BasicFileAttributes attributes) {
                found[0] = attributes.lastModifiedTime().toInstant().isAfter(instant);
                return found[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }
}
