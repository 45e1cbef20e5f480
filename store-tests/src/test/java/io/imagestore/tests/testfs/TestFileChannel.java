package io.imagestore.tests.testfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel of a {@link TestFileSystem}: every read, write and {@code force} passes its fault and power
 * checks, and a successful {@code force} tells the durable state what is now on stable storage. Opened on a
 * directory, {@code force} is a directory fsync.
 */
final class TestFileChannel extends FileChannel {
    private final TestFileSystem fileSystem;
    private final TestPath path;
    private final FileChannel delegate;
    private final Object fileKey;
    private final boolean directory;
    private final boolean readable;

    TestFileChannel(TestFileSystem fileSystem, TestPath path, FileChannel delegate, Object fileKey, boolean directory,
            boolean readable) {
        this.fileSystem = fileSystem;
        this.path = path;
        this.delegate = delegate;
        this.fileKey = fileKey;
        this.directory = directory;
        this.readable = readable;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        fileSystem.before(Operation.READ, path);
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        fileSystem.before(Operation.READ, path);
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        fileSystem.before(Operation.READ, path);
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        fileSystem.before(Operation.WRITE, path);
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        fileSystem.before(Operation.WRITE, path);
        return delegate.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        fileSystem.before(Operation.WRITE, path);
        return delegate.write(src, position);
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
        fileSystem.before(Operation.WRITE, path);
        delegate.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        fileSystem.before(directory ? Operation.FORCE_DIRECTORY : Operation.FORCE, path);
        delegate.force(metaData);
        if (!fileSystem.forceIsIgnored(path)) {
            fileSystem.synced(this);
        }
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        fileSystem.before(Operation.READ, path);
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        fileSystem.before(Operation.WRITE, path);
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        fileSystem.before(mode == MapMode.READ_ONLY ? Operation.READ : Operation.WRITE, path);
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }

    TestPath path() {
        return path;
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
            return fileSystem.readReal(path);
        }
        long size = delegate.size();
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size));
        int read = 0;
        while (buffer.hasRemaining() && read >= 0) {
            read = delegate.read(buffer, buffer.position());
        }
        return buffer.array();
    }
}
