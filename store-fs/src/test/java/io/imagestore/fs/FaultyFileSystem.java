package io.imagestore.fs;

import io.imagestore.fs.testing.DelegatingFileChannel;
import io.imagestore.fs.testing.DelegatingFileSystem;
import io.imagestore.fs.testing.DelegatingFileSystemProvider;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.spi.FileSystemProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A file system that delegates to the default one and fails chosen operations on chosen paths, so
 * tests can inject disk errors into the store (which reaches the disk only through the paths derived
 * from its root). {@link #wrap} turns a real directory into a path of this file system ({@link DelegatingFileSystem}
 * is the delegating layer); {@link #failOn} arms a fault; every operation is also counted, to observe how often the
 * store touches the disk.
 */
final class FaultyFileSystem extends DelegatingFileSystem {
    /** The operations a fault can be injected into. */
    enum Op {
        /** Opening a file or directory channel. */
        OPEN,
        /** Writing to a channel. */
        WRITE,
        /** {@code force} on a channel of a regular file. */
        FORCE_FILE,
        /** {@code force} on a channel of a directory (a directory fsync). */
        FORCE_DIRECTORY,
        /** {@code Files.move}. */
        MOVE,
        /** {@code Files.delete} and {@code deleteIfExists}. */
        DELETE,
        /** {@code Files.createDirectory}. */
        CREATE_DIRECTORY,
        /** {@code Files.createLink}. */
        CREATE_LINK,
        /** {@code tryLock} and {@code lock} on a channel. */
        LOCK,
        /** Reading attributes (a stat). */
        STAT,
        /** Reading the next entry of an open directory stream (thrown as {@code DirectoryIteratorException}). */
        READ_DIRECTORY
    }

    /** A fault: the operations it matches throw its failure. */
    interface Fault {
        /** Whether this fault applies to {@code op} on {@code path} (a path of the default file system). */
        boolean matches(Op op, Path path);

        /** The exception to throw. */
        IOException failure(Op op, Path path);
    }

    private final Provider provider = new Provider(this);
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<Op, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Arms a fault: every {@code op} on a (real) path that {@code which} accepts throws {@code failure}. */
    void failOn(Op op, Predicate<Path> which, IOException failure) {
        faults.add(new Fault() {
            @Override
            public boolean matches(Op candidate, Path path) {
                return candidate == op && which.test(path);
            }

            @Override
            public IOException failure(Op candidate, Path path) {
                return failure;
            }
        });
    }

    /** Removes every fault. */
    void heal() {
        faults.clear();
    }

    /** How often {@code op} ran since the last {@link #resetCounts}. */
    int count(Op op) {
        AtomicInteger count = counts.get(op);
        return count == null ? 0 : count.get();
    }

    /** Sets every count to 0. */
    void resetCounts() {
        counts.clear();
    }

    void check(Op op, Path real) throws IOException {
        counts.computeIfAbsent(op, key -> new AtomicInteger()).incrementAndGet();
        for (Fault fault : faults) {
            if (fault.matches(op, real)) {
                throw fault.failure(op, real);
            }
        }
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "FaultyFileSystem";
    }

    /** The provider: checks faults on the real paths, then delegates. */
    private static final class Provider extends DelegatingFileSystemProvider {
        private final FaultyFileSystem fileSystem;

        Provider(FaultyFileSystem fileSystem) {
            super(fileSystem);
            this.fileSystem = fileSystem;
        }

        private Path checked(Op op, Path path) throws IOException {
            Path real = real(path);
            fileSystem.check(op, real);
            return real;
        }

        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
                throws IOException {
            Path real = checked(Op.OPEN, path);
            return new FaultyChannel(fileSystem, real, super.newFileChannel(path, options, attributes));
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            checked(Op.OPEN, dir);
            return super.newDirectoryStream(dir, filter);
        }

        @Override
        protected void beforeNextEntry(Path dir) throws IOException {
            checked(Op.READ_DIRECTORY, dir);
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
            checked(Op.CREATE_DIRECTORY, dir);
            super.createDirectory(dir, attributes);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            checked(Op.CREATE_LINK, link);
            super.createLink(link, existing);
        }

        @Override
        public void delete(Path path) throws IOException {
            checked(Op.DELETE, path);
            super.delete(path);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            checked(Op.MOVE, source);
            super.move(source, target, options);
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            checked(Op.STAT, path);
            super.checkAccess(path, modes);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            checked(Op.STAT, path);
            return super.readAttributes(path, type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            checked(Op.STAT, path);
            return super.readAttributes(path, attributes, options);
        }
    }

    /** A channel that checks faults before writes, forces and locks. */
    private static final class FaultyChannel extends DelegatingFileChannel {
        private final FaultyFileSystem fileSystem;
        private final Path path;

        FaultyChannel(FaultyFileSystem fileSystem, Path path, FileChannel delegate) {
            super(delegate);
            this.fileSystem = fileSystem;
            this.path = path;
        }

        @Override
        protected void before(Access access) throws IOException {
            switch (access) {
                case WRITE:
                    fileSystem.check(Op.WRITE, path);
                    return;
                case FORCE:
                    fileSystem.check(Files.isDirectory(path) ? Op.FORCE_DIRECTORY : Op.FORCE_FILE, path);
                    return;
                case LOCK:
                    fileSystem.check(Op.LOCK, path);
                    return;
                default:
                    return;
            }
        }
    }
}
