package io.imagestore.tests.testfs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/** A path of a {@link TestFileSystem}: a real path of the default file system, seen through the test one. */
final class TestPath implements Path {
    private final TestFileSystem fileSystem;
    private final Path delegate;

    TestPath(TestFileSystem fileSystem, Path delegate) {
        this.fileSystem = fileSystem;
        this.delegate = delegate;
    }

    Path delegate() {
        return delegate;
    }

    private TestPath wrap(Path path) {
        return path == null ? null : new TestPath(fileSystem, path);
    }

    private Path unwrap(Path other) {
        if (!(other instanceof TestPath) || ((TestPath) other).fileSystem != fileSystem) {
            throw new ProviderMismatchException("not a path of " + fileSystem + ": " + other);
        }
        return ((TestPath) other).delegate;
    }

    @Override
    public TestFileSystem getFileSystem() {
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
        return other instanceof TestPath && ((TestPath) other).fileSystem == fileSystem
                && delegate.startsWith(((TestPath) other).delegate);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof TestPath && ((TestPath) other).fileSystem == fileSystem
                && delegate.endsWith(((TestPath) other).delegate);
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
    public Path relativize(Path other) {
        return wrap(delegate.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
        return URI.create(TestFileSystemProvider.SCHEME + "://" + delegate.toAbsolutePath().toUri().getRawPath());
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(delegate.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        fileSystem.before(Operation.STAT, this);
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
        return other instanceof TestPath && ((TestPath) other).fileSystem == fileSystem
                && ((TestPath) other).delegate.equals(delegate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(fileSystem), delegate);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
