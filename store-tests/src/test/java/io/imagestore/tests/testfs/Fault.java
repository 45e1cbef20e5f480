package io.imagestore.tests.testfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A failure a {@link TestFileSystem} injects: which operations, on which paths (the test file system's own
 * paths), and the {@link IOException} they throw instead of running, as the JDK would report the real
 * error. Counts how often it fired, so a test can prove its fault was actually exercised.
 */
public final class Fault {
    private final Set<Operation> operations;
    private final Predicate<Path> where;
    private final BiFunction<Operation, Path, IOException> error;
    private final AtomicInteger hits = new AtomicInteger();

    private Fault(Set<Operation> operations, Predicate<Path> where, BiFunction<Operation, Path, IOException> error) {
        this.operations = EnumSet.copyOf(operations);
        this.where = Objects.requireNonNull(where, "where");
        this.error = Objects.requireNonNull(error, "error");
    }

    /** Fails {@code operations} on paths matching {@code where} with the exception {@code error} makes. */
    public static Fault failing(Set<Operation> operations, Predicate<Path> where, Function<Path, IOException> error) {
        Objects.requireNonNull(error, "error");
        return new Fault(operations, where, (operation, path) -> error.apply(path));
    }

    /** ENOSPC: writing bytes fails with "No space left on device". */
    public static Fault noSpaceLeft(Predicate<Path> where) {
        return failing(EnumSet.of(Operation.WRITE), where,
                path -> new FileSystemException(path.toString(), null, "No space left on device"));
    }

    /** EIO from fsync of a file. */
    public static Fault forceFails(Predicate<Path> where) {
        return failing(EnumSet.of(Operation.FORCE), where,
                path -> new FileSystemException(path.toString(), null, "Input/output error"));
    }

    /** EIO from fsync of a directory (a {@code force} on a channel opened on the directory). */
    public static Fault directoryForceFails(Predicate<Path> where) {
        return failing(EnumSet.of(Operation.FORCE_DIRECTORY), where,
                path -> new FileSystemException(path.toString(), null, "Input/output error"));
    }

    /** A rename whose source or target matches fails (EIO). */
    public static Fault moveFails(Predicate<Path> where) {
        return failing(EnumSet.of(Operation.MOVE), where,
                path -> new FileSystemException(path.toString(), null, "Input/output error"));
    }

    /**
     * EROFS: every change under a matching path fails with "Read-only file system", except that creating a
     * directory that exists fails with {@link FileAlreadyExistsException}, as Linux checks that first.
     */
    public static Fault readOnly(Predicate<Path> where) {
        EnumSet<Operation> changes = EnumSet.noneOf(Operation.class);
        for (Operation operation : Operation.values()) {
            if (operation.isMutation()) {
                changes.add(operation);
            }
        }
        return new Fault(changes, where, (operation, path) ->
                operation == Operation.CREATE_DIRECTORY && Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                        ? new FileAlreadyExistsException(path.toString())
                        : new FileSystemException(path.toString(), null, "Read-only file system"));
    }

    /** EACCES: every operation on {@code directory} or anything under it is denied. */
    public static Fault permissionDenied(Path directory) {
        return failing(EnumSet.allOf(Operation.class), under(directory), path -> new AccessDeniedException(path.toString()));
    }

    /** Matches {@code directory} and every path under it. */
    public static Predicate<Path> under(Path directory) {
        Path normal = directory.toAbsolutePath().normalize();
        return path -> path.toAbsolutePath().normalize().startsWith(normal);
    }

    /** Matches paths whose file name starts with {@code prefix}. */
    public static Predicate<Path> named(String prefix) {
        return path -> path.getFileName() != null && path.getFileName().toString().startsWith(prefix);
    }

    /** How many operations this fault has failed so far. */
    public int hits() {
        return hits.get();
    }

    IOException check(Operation operation, Path path) {
        if (!operations.contains(operation) || !where.test(path)) {
            return null;
        }
        hits.incrementAndGet();
        return error.apply(operation, path);
    }
}
