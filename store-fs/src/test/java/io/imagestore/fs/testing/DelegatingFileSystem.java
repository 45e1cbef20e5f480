package io.imagestore.fs.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The base of the test file systems: a file system whose paths are paths of the default file system in
 * disguise. {@link #wrap} disguises a real path, {@link #real} takes the disguise off (and refuses a path of
 * any other file system with {@code ProviderMismatchException}, so nothing bypasses the wrapper unnoticed).
 * Subclasses supply the {@link DelegatingFileSystemProvider provider} that instruments the operations.
 */
public abstract class DelegatingFileSystem extends FileSystem {
    private final FileSystem realFileSystem = FileSystems.getDefault();

    /** For subclasses. */
    protected DelegatingFileSystem() {
    }

    /** The path of this file system standing for the real {@code path} (of the default file system). */
    public final Path wrap(Path real) {
        return new DelegatingPath(this, real);
    }

    /**
     * The real path (of the default file system) behind {@code path}.
     *
     * @throws ProviderMismatchException when {@code path} is not a path of this file system
     */
    public final Path real(Path path) {
        if (!(path instanceof DelegatingPath) || path.getFileSystem() != this) {
            throw new ProviderMismatchException("not a path of " + this + ": " + path);
        }
        return ((DelegatingPath) path).delegate();
    }

    /** The URI of the path of this file system standing for {@code real}; by default the real path's URI. */
    protected URI uriOf(Path real) {
        return real.toUri();
    }

    /** {@code toRealPath} of {@code path} (a path of this file system); subclasses may check it first. */
    protected Path toRealPath(Path path, LinkOption... options) throws IOException {
        return wrap(real(path).toRealPath(options));
    }

    /** Does nothing: the disk is the default file system's, and stays. */
    @Override
    public void close() {
    }

    @Override
    public final boolean isOpen() {
        return true;
    }

    @Override
    public final boolean isReadOnly() {
        return false;
    }

    @Override
    public final String getSeparator() {
        return realFileSystem.getSeparator();
    }

    @Override
    public final Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        realFileSystem.getRootDirectories().forEach(root -> roots.add(wrap(root)));
        return roots;
    }

    @Override
    public final Iterable<FileStore> getFileStores() {
        return realFileSystem.getFileStores();
    }

    @Override
    public final Set<String> supportedFileAttributeViews() {
        return realFileSystem.supportedFileAttributeViews();
    }

    @Override
    public final Path getPath(String first, String... more) {
        return wrap(realFileSystem.getPath(first, more));
    }

    @Override
    public final PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = realFileSystem.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(real(path));
    }

    @Override
    public final UserPrincipalLookupService getUserPrincipalLookupService() {
        return realFileSystem.getUserPrincipalLookupService();
    }

    @Override
    public final WatchService newWatchService() throws IOException {
        return realFileSystem.newWatchService();
    }
}
