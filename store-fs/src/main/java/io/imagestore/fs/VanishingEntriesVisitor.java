package io.imagestore.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;

/**
 * A visitor for trees that another process may be deleting at the same time (leftovers, trash): an
 * entry that vanishes before it is visited is skipped; any other failure stops the walk.
 */
abstract class VanishingEntriesVisitor extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw failure;
    }
}
