package io.imagestore.fs.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of one {@link DelegatingFileSystem}: every operation takes the disguise off its paths, runs on
 * the default provider and disguises the paths it returns. Subclasses override the operations they
 * instrument (check first, then call {@code super}); {@link #beforeNextEntry} instruments reading a
 * directory stream.
 */
public abstract class DelegatingFileSystemProvider extends FileSystemProvider {
    private final DelegatingFileSystem fileSystem;
    private final FileSystemProvider delegate = FileSystems.getDefault().provider();

    /** The provider of {@code fileSystem}. */
    protected DelegatingFileSystemProvider(DelegatingFileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    /** The real path behind {@code path}; refuses a path of another file system. */
    protected final Path real(Path path) {
        return fileSystem.real(path);
    }

    /** The path of the file system standing for {@code real}. */
    protected final Path wrap(Path real) {
        return fileSystem.wrap(real);
    }

    /**
     * Called before each step of a directory stream of {@code dir} (a path of this file system); an
     * {@code IOException} reaches the caller as {@code DirectoryIteratorException}. Does nothing by default.
     */
    protected void beforeNextEntry(Path dir) throws IOException {
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new FileSystemAlreadyExistsException(uri.toString());
    }

    @Override
    public final FileSystem getFileSystem(URI uri) {
        return fileSystem;
    }

    @Override
    public final Path getPath(URI uri) {
        return fileSystem.getPath(uri.getPath());
    }

    @Override
    public final SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attributes) throws IOException {
        return newFileChannel(path, options, attributes);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        return delegate.newFileChannel(real(path), options, attributes);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> stream = delegate.newDirectoryStream(real(dir), entry -> filter.accept(wrap(entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> entries = stream.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        try {
                            beforeNextEntry(dir);
                        } catch (IOException e) {
                            throw new DirectoryIteratorException(e);
                        }
                        return entries.hasNext();
                    }

                    @Override
                    public Path next() {
                        return wrap(entries.next());
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
        delegate.createDirectory(real(dir), attributes);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) throws IOException {
        delegate.createSymbolicLink(real(link), real(target), attributes);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        delegate.createLink(real(link), real(existing));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return wrap(delegate.readSymbolicLink(real(link)));
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(real(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        delegate.copy(real(source), real(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        delegate.move(real(source), real(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return delegate.isSameFile(real(path), real(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return delegate.isHidden(real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return delegate.getFileStore(real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        delegate.checkAccess(real(path), modes);
    }

    @Override
    public final <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
            LinkOption... options) {
        return delegate.getFileAttributeView(real(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return delegate.readAttributes(real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return delegate.readAttributes(real(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        delegate.setAttribute(real(path), attribute, value, options);
    }
}
