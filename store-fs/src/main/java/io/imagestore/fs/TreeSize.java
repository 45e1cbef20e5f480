package io.imagestore.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Measures a tree: the sum of the sizes of its regular files, not following symbolic links, each
 * hard-linked file counted once (by file key). Entries that vanish during the walk are skipped.
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
}
