package io.imagestore.tests.testfs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider behind one {@link TestFileSystem}: each operation passes the file system's fault and power
 * checks, then runs on the default provider with the real paths. Attribute views are the real ones (changes
 * made through them are neither failed nor counted).
 */
final class TestFileSystemProvider extends FileSystemProvider {
    static final String SCHEME = "imagestore-testfs";

    private final TestFileSystem fileSystem;
    private final FileSystemProvider delegate = FileSystems.getDefault().provider();

    TestFileSystemProvider(TestFileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    private TestPath test(Path path) {
        if (!(path instanceof TestPath) || path.getFileSystem() != fileSystem) {
            throw new ProviderMismatchException("not a path of " + fileSystem + ": " + path);
        }
        return (TestPath) path;
    }

    private Path real(Path path) {
        return test(path).delegate();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new FileSystemAlreadyExistsException(uri.toString());
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return fileSystem;
    }

    @Override
    public Path getPath(URI uri) {
        return fileSystem.getPath(uri.getPath());
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path real = real(path);
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean writing = options.contains(StandardOpenOption.WRITE) || append;
        boolean creating = writing && (options.contains(StandardOpenOption.CREATE_NEW)
                || options.contains(StandardOpenOption.CREATE) && !Files.exists(real, LinkOption.NOFOLLOW_LINKS));
        fileSystem.before(writing ? Operation.OPEN_WRITE : Operation.OPEN_READ, path);
        Set<OpenOption> realOptions = new HashSet<>(options);
        if (writing && !append) {
            realOptions.add(StandardOpenOption.READ);
        }
        FileChannel channel = delegate.newFileChannel(real, realOptions, attrs);
        try {
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (creating) {
                fileSystem.state().created(real);
            }
            return new TestFileChannel(fileSystem, test(path), channel, attributes.fileKey(), attributes.isDirectory(),
                    !append);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        fileSystem.before(Operation.LIST, dir);
        DirectoryStream<Path> stream = delegate.newDirectoryStream(real(dir),
                child -> filter.accept(fileSystem.wrap(child)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> children = stream.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return children.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fileSystem.wrap(children.next());
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
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        fileSystem.before(Operation.CREATE_DIRECTORY, dir);
        delegate.createDirectory(real(dir), attrs);
        fileSystem.state().created(real(dir));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        fileSystem.before(Operation.LINK, link);
        delegate.createSymbolicLink(real(link), real(target), attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        fileSystem.before(Operation.LINK, link, existing);
        delegate.createLink(real(link), real(existing));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        fileSystem.before(Operation.STAT, link);
        return fileSystem.wrap(delegate.readSymbolicLink(real(link)));
    }

    @Override
    public void delete(Path path) throws IOException {
        fileSystem.before(Operation.DELETE, path);
        delegate.delete(real(path));
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        fileSystem.before(Operation.DELETE, path);
        return delegate.deleteIfExists(real(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        fileSystem.before(Operation.COPY, source, target);
        delegate.copy(real(source), real(target), options);
        fileSystem.state().created(real(target));
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        fileSystem.before(Operation.MOVE, source, target);
        delegate.move(real(source), real(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (!(path2 instanceof TestPath) || path2.getFileSystem() != fileSystem) {
            return false;
        }
        fileSystem.before(Operation.STAT, path, path2);
        return delegate.isSameFile(real(path), real(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        fileSystem.before(Operation.STAT, path);
        return delegate.isHidden(real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        fileSystem.before(Operation.STAT, path);
        return delegate.getFileStore(real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        fileSystem.before(Operation.STAT, path);
        delegate.checkAccess(real(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return delegate.getFileAttributeView(real(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        fileSystem.before(Operation.STAT, path);
        return delegate.readAttributes(real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        fileSystem.before(Operation.STAT, path);
        return delegate.readAttributes(real(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        fileSystem.before(Operation.SET_ATTRIBUTE, path);
        delegate.setAttribute(real(path), attribute, value, options);
    }
}
