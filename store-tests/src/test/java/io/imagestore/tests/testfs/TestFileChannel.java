package io.imagestore.tests.testfs;

import io.imagestore.fs.testing.DelegatingFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A channel of a {@link TestFileSystem}: every read, write and {@code force} passes its fault and power
 * checks, and a successful {@code force} tells the durable state what is now on stable storage. Opened on a
 * directory, {@code force} is a directory fsync. Locks are neither failed nor counted.
 */
final class TestFileChannel extends DelegatingFileChannel {
    private final TestFileSystem fileSystem;
    private final Path path;
    private final Object fileKey;
    private final boolean directory;
    private final boolean readable;

    TestFileChannel(TestFileSystem fileSystem, Path path, FileChannel delegate, Object fileKey, boolean directory,
            boolean readable) {
        super(delegate);
        this.fileSystem = fileSystem;
        this.path = path;
        this.fileKey = fileKey;
        this.directory = directory;
        this.readable = readable;
    }

    @Override
    protected void before(Access access) throws IOException {
        switch (access) {
            case READ:
            case MAP_READ:
                fileSystem.before(Operation.READ, path);
                return;
            case WRITE:
            case TRUNCATE:
            case MAP_WRITE:
                fileSystem.before(Operation.WRITE, path);
                return;
            case FORCE:
                fileSystem.before(directory ? Operation.FORCE_DIRECTORY : Operation.FORCE, path);
                return;
            default:
                return;
        }
    }

    @Override
    protected void afterForce() throws IOException {
        if (!fileSystem.forceIsIgnored(path)) {
            fileSystem.synced(this);
        }
    }

    /** The real path of the file (of the default file system). */
    Path realPath() {
        return fileSystem.real(path);
    }

    Object fileKey() {
        return fileKey;
    }

    boolean isDirectory() {
        return directory;
    }

    /** The file's whole current content, read at absolute positions so this channel's position stays. */
    byte[] contentForSync() throws IOException {
        if (!readable) {
            return Files.readAllBytes(realPath());
        }
        FileChannel delegate = delegate();
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(delegate.size()));
        int read = 0;
        while (buffer.hasRemaining() && read >= 0) {
            read = delegate.read(buffer, buffer.position());
        }
        return buffer.array();
    }
}
