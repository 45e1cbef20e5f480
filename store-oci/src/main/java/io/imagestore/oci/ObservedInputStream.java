package io.imagestore.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter stream that shows each byte read to {@link #observe} exactly once, and the end to
 * {@link #atEnd()}: single-byte reads and skips go through the bulk read, and mark/reset (which would
 * show bytes twice) is not supported.
 */
abstract class ObservedInputStream extends FilterInputStream {
    private static final int SKIP_BUFFER = 8192;
    private static final int DRAIN_BUFFER = 64 * 1024;

    ObservedInputStream(InputStream in) {
        super(in);
    }

    /** Sees {@code length} bytes just read into {@code buffer} at {@code offset}. */
    abstract void observe(byte[] buffer, int offset, int length) throws IOException;

    /** Sees the end of the stream (possibly more than once). */
    abstract void atEnd() throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            atEnd();
            return -1;
        }
        observe(buffer, offset, n);
        return n;
    }

    /** Skips by reading, so skipped bytes are observed too. */
    @Override
    public final long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(SKIP_BUFFER, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int got = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }

    /** Reads what is left, so that every byte is observed and the end seen (a verifying stream verifies). */
    public final void drain() throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER];
        while (read(buffer, 0, buffer.length) >= 0) {
            // observing is the point
        }
    }

    @Override
    public final boolean markSupported() {
        return false;
    }

    @Override
    public final synchronized void mark(int limit) {
        // not supported: a reset would show bytes twice
    }

    @Override
    public final synchronized void reset() throws IOException {
        throw new IOException("this stream cannot be reset");
    }
}
