package io.imagestore.fs.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/** A path of a {@link DelegatingFileSystem}: a real path of the default file system, seen through the wrapper. */
final class DelegatingPath implements Path {
    private final DelegatingFileSystem fileSystem;
    private final Path delegate;

    DelegatingPath(DelegatingFileSystem fileSystem, Path delegate) {
        this.fileSystem = fileSystem;
        this.delegate = delegate;
    }

    Path delegate() {
        return delegate;
    }

    private Path wrap(Path path) {
        return path == null ? null : fileSystem.wrap(path);
    }

    private boolean isSibling(Path other) {
        return other instanceof DelegatingPath && other.getFileSystem() == fileSystem;
    }

    @Override
    public DelegatingFileSystem getFileSystem() {
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
        return isSibling(other) && delegate.startsWith(fileSystem.real(other));
    }

    @Override
    public boolean endsWith(Path other) {
        return isSibling(other) && delegate.endsWith(fileSystem.real(other));
    }

    @Override
    public Path normalize() {
        return wrap(delegate.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(delegate.resolve(fileSystem.real(other)));
    }

    @Override
    public Path resolve(String other) {
        return wrap(delegate.resolve(other));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(delegate.relativize(fileSystem.real(other)));
    }

    @Override
    public URI toUri() {
        return fileSystem.uriOf(delegate);
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(delegate.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return fileSystem.toRealPath(this, options);
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
            throws IOException {
        return delegate.register(watcher, events, modifiers);
    }

    @Override
    public int compareTo(Path other) {
        return delegate.compareTo(fileSystem.real(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DelegatingPath && isSibling((Path) other)
                && ((DelegatingPath) other).delegate.equals(delegate);
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
