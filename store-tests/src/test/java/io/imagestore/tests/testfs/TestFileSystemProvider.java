package io.imagestore.tests.testfs;

import io.imagestore.fs.testing.DelegatingFileSystemProvider;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider behind one {@link TestFileSystem}: each operation passes the file system's fault and power
 * checks, then runs on the default provider with the real paths ({@link DelegatingFileSystemProvider}).
 * Attribute views are the real ones (changes made through them are neither failed nor counted).
 */
final class TestFileSystemProvider extends DelegatingFileSystemProvider {
    static final String SCHEME = "imagestore-testfs";

    private final TestFileSystem fileSystem;

    TestFileSystemProvider(TestFileSystem fileSystem) {
        super(fileSystem);
        this.fileSystem = fileSystem;
    }

    @Override
    public String getScheme() {
        return SCHEME;
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
        FileChannel channel = super.newFileChannel(path, realOptions, attrs);
        try {
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (creating) {
                fileSystem.state().created(real);
            }
            return new TestFileChannel(fileSystem, path, channel, attributes.fileKey(), attributes.isDirectory(),
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
        return super.newDirectoryStream(dir, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        fileSystem.before(Operation.CREATE_DIRECTORY, dir);
        super.createDirectory(dir, attrs);
        fileSystem.state().created(real(dir));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        fileSystem.before(Operation.LINK, link);
        super.createSymbolicLink(link, target, attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        fileSystem.before(Operation.LINK, link, existing);
        super.createLink(link, existing);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        fileSystem.before(Operation.STAT, link);
        return super.readSymbolicLink(link);
    }

    @Override
    public void delete(Path path) throws IOException {
        fileSystem.before(Operation.DELETE, path);
        super.delete(path);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        fileSystem.before(Operation.DELETE, path);
        return Files.deleteIfExists(real(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        fileSystem.before(Operation.COPY, source, target);
        super.copy(source, target, options);
        fileSystem.state().created(real(target));
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        fileSystem.before(Operation.MOVE, source, target);
        super.move(source, target, options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path2 == null || path2.getFileSystem() != fileSystem) {
            return false;
        }
        fileSystem.before(Operation.STAT, path, path2);
        return super.isSameFile(path, path2);
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        fileSystem.before(Operation.STAT, path);
        return super.isHidden(path);
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        fileSystem.before(Operation.STAT, path);
        return super.getFileStore(path);
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        fileSystem.before(Operation.STAT, path);
        super.checkAccess(path, modes);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        fileSystem.before(Operation.STAT, path);
        return super.readAttributes(path, type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        fileSystem.before(Operation.STAT, path);
        return super.readAttributes(path, attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        fileSystem.before(Operation.SET_ATTRIBUTE, path);
        super.setAttribute(path, attribute, value, options);
    }
}
