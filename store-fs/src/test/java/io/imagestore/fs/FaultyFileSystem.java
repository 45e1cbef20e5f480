package io.imagestore.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
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
 * from its root). {@link #wrap} turns a real directory into a path of this file system; {@link #failOn}
 * arms a fault; every operation is also counted, to observe how often the store touches the disk.
 */
final class FaultyFileSystem extends FileSystem {
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

    private final Provider provider;
    private final FileSystem delegate = FileSystems.getDefault();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<Op, AtomicInteger> counts = new ConcurrentHashMap<>();

    FaultyFileSystem() {
        this.provider = new Provider(this);
    }

    /** The path of this file system standing for the real {@code path}. */
    Path wrap(Path path) {
        return new FaultyPath(this, path);
    }

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

    static Path unwrap(Path path) {
        if (!(path instanceof FaultyPath)) {
            throw new ProviderMismatchException("not a path of the faulty file system: " + path);
        }
        return ((FaultyPath) path).delegate;
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return delegate.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        delegate.getRootDirectories().forEach(root -> roots.add(wrap(root)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return delegate.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return delegate.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(delegate.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = delegate.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return delegate.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        return delegate.newWatchService();
    }

    /** A path of the faulty file system: a default-file-system path in disguise. */
    private static final class FaultyPath implements Path {
        private final FaultyFileSystem fileSystem;
        private final Path delegate;

        FaultyPath(FaultyFileSystem fileSystem, Path delegate) {
            this.fileSystem = fileSystem;
            this.delegate = delegate;
        }

        private Path wrap(Path path) {
            return path == null ? null : new FaultyPath(fileSystem, path);
        }

        @Override
        public FileSystem getFileSystem() {
            return fileSystem;
        }

        @Override
        public boolean isAbsolute() {
            return delegate.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return wrap(delegate.getRoot());
        }

        @Override
        public Path getFileName() {
            return wrap(delegate.getFileName());
        }

        @Override
        public Path getParent() {
            return wrap(delegate.getParent());
        }

        @Override
        public int getNameCount() {
            return delegate.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return wrap(delegate.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return wrap(delegate.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return other instanceof FaultyPath && delegate.startsWith(unwrap(other));
        }

        @Override
        public boolean endsWith(Path other) {
            return other instanceof FaultyPath && delegate.endsWith(unwrap(other));
        }

        @Override
        public Path normalize() {
            return wrap(delegate.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return wrap(delegate.resolve(unwrap(other)));
        }

        @Override
        public Path resolve(String other) {
            return wrap(delegate.resolve(other));
        }

        @Override
        public Path relativize(Path other) {
            return wrap(delegate.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return delegate.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return wrap(delegate.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return wrap(delegate.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
                throws IOException {
            return delegate.register(watcher, events, modifiers);
        }

        @Override
        public int compareTo(Path other) {
            return delegate.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FaultyPath && delegate.equals(((FaultyPath) other).delegate);
        }

        @Override
        public int hashCode() {
            return delegate.hashCode();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    /** The provider: checks faults, then delegates to the default provider with unwrapped paths. */
    private static final class Provider extends FileSystemProvider {
        private final FaultyFileSystem fileSystem;
        private final FileSystemProvider delegate = FileSystems.getDefault().provider();

        Provider(FaultyFileSystem fileSystem) {
            this.fileSystem = fileSystem;
        }

        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            return fileSystem;
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return fileSystem;
        }

        @Override
        public Path getPath(URI uri) {
            return fileSystem.wrap(delegate.getPath(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attributes) throws IOException {
            return newFileChannel(path, options, attributes);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
                throws IOException {
            Path real = unwrap(path);
            fileSystem.check(Op.OPEN, real);
            return new FaultyChannel(fileSystem, real, delegate.newFileChannel(real, options, attributes));
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            Path real = unwrap(dir);
            fileSystem.check(Op.OPEN, real);
            DirectoryStream<Path> stream = delegate.newDirectoryStream(real,
                    entry -> filter.accept(fileSystem.wrap(entry)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> entries = stream.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            try {
                                fileSystem.check(Op.READ_DIRECTORY, real);
                            } catch (IOException e) {
                                throw new DirectoryIteratorException(e);
                            }
                            return entries.hasNext();
                        }

                        @Override
                        public Path next() {
                            return fileSystem.wrap(entries.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    stream.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
            fileSystem.check(Op.CREATE_DIRECTORY, unwrap(dir));
            delegate.createDirectory(unwrap(dir), attributes);
        }

        @Override
        public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) throws IOException {
            delegate.createSymbolicLink(unwrap(link), unwrap(target), attributes);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            fileSystem.check(Op.CREATE_LINK, unwrap(link));
            delegate.createLink(unwrap(link), unwrap(existing));
        }

        @Override
        public Path readSymbolicLink(Path link) throws IOException {
            return fileSystem.wrap(delegate.readSymbolicLink(unwrap(link)));
        }

        @Override
        public void delete(Path path) throws IOException {
            fileSystem.check(Op.DELETE, unwrap(path));
            delegate.delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            delegate.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            fileSystem.check(Op.MOVE, unwrap(source));
            delegate.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return delegate.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return delegate.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return delegate.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            fileSystem.check(Op.STAT, unwrap(path));
            delegate.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return delegate.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            fileSystem.check(Op.STAT, unwrap(path));
            return delegate.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            fileSystem.check(Op.STAT, unwrap(path));
            return delegate.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
                throws IOException {
            delegate.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /** A channel that checks faults before writes, forces and locks. */
    private static final class FaultyChannel extends FileChannel {
        private final FaultyFileSystem fileSystem;
        private final Path path;
        private final FileChannel delegate;

        FaultyChannel(FaultyFileSystem fileSystem, Path path, FileChannel delegate) {
            this.fileSystem = fileSystem;
            this.path = path;
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            fileSystem.check(Op.WRITE, path);
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            fileSystem.check(Op.WRITE, path);
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            fileSystem.check(Files.isDirectory(path) ? Op.FORCE_DIRECTORY : Op.FORCE_FILE, path);
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            fileSystem.check(Op.WRITE, path);
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            fileSystem.check(Op.WRITE, path);
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            fileSystem.check(Op.LOCK, path);
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            fileSystem.check(Op.LOCK, path);
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
