package io.imagestore.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Forces files and directories to stable storage; under {@link Durability#NONE} every method does
 * nothing. A directory is synced by forcing a read-only channel opened on it, which makes the names
 * created, renamed or deleted in it durable (Linux and macOS; {@code fsync(2)} on the directory).
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

    /** Forces every regular file and directory under {@code top} (itself included), not following links. */
    void tree(Path top) throws IOException {
        if (!enabled()) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        channel.force(true);
                    }
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
