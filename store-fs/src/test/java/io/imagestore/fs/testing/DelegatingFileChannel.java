package io.imagestore.fs.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel of a {@link DelegatingFileSystem}: every call runs on a real channel, after
 * {@link #before(Access)} (which subclasses override to fail or count the access) and, for {@code force},
 * before {@link #afterForce()}.
 */
public abstract class DelegatingFileChannel extends FileChannel {
    /** What a channel call does to the file. */
    public enum Access {
        /** {@code read} and {@code transferTo}. */
        READ,
        /** {@code write} and {@code transferFrom}. */
        WRITE,
        /** {@code truncate}. */
        TRUNCATE,
        /** {@code map} read-only. */
        MAP_READ,
        /** {@code map} for writing. */
        MAP_WRITE,
        /** {@code force}. */
        FORCE,
        /** {@code lock} and {@code tryLock}. */
        LOCK
    }

    private final FileChannel delegate;

    /** A channel running every call on {@code delegate}. */
    protected DelegatingFileChannel(FileChannel delegate) {
        this.delegate = delegate;
    }

    /** The real channel. */
    protected final FileChannel delegate() {
        return delegate;
    }

    /** Called before each call that does {@code access}; does nothing by default. */
    protected void before(Access access) throws IOException {
    }

    /** Called after a successful {@code force}; does nothing by default. */
    protected void afterForce() throws IOException {
    }

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        before(Access.READ);
        return delegate.read(dst);
    }

    @Override
    public final long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        before(Access.READ);
        return delegate.read(dsts, offset, length);
    }

    @Override
    public final int read(ByteBuffer dst, long position) throws IOException {
        before(Access.READ);
        return delegate.read(dst, position);
    }

    @Override
    public final int write(ByteBuffer src) throws IOException {
        before(Access.WRITE);
        return delegate.write(src);
    }

    @Override
    public final long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        before(Access.WRITE);
        return delegate.write(srcs, offset, length);
    }

    @Override
    public final int write(ByteBuffer src, long position) throws IOException {
        before(Access.WRITE);
        return delegate.write(src, position);
    }

    @Override
    public final long position() throws IOException {
        return delegate.position();
    }

    @Override
    public final FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public final long size() throws IOException {
        return delegate.size();
    }

    @Override
    public final FileChannel truncate(long size) throws IOException {
        before(Access.TRUNCATE);
        delegate.truncate(size);
        return this;
    }

    @Override
    public final void force(boolean metaData) throws IOException {
        before(Access.FORCE);
        delegate.force(metaData);
        afterForce();
    }

    @Override
    public final long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        before(Access.READ);
        return delegate.transferTo(position, count, target);
    }

    @Override
    public final long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        before(Access.WRITE);
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public final MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        before(mode == MapMode.READ_ONLY ? Access.MAP_READ : Access.MAP_WRITE);
        return delegate.map(mode, position, size);
    }

    @Override
    public final FileLock lock(long position, long size, boolean shared) throws IOException {
        before(Access.LOCK);
        return delegate.lock(position, size, shared);
    }

    @Override
    public final FileLock tryLock(long position, long size, boolean shared) throws IOException {
        before(Access.LOCK);
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected final void implCloseChannel() throws IOException {
        delegate.close();
    }
}
