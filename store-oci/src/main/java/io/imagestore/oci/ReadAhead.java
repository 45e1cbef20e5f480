package io.imagestore.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on its own thread, a few chunks ahead of the reader: so that a layer's reading,
 * digesting and decompressing (on this thread) overlap with its tar parsing, diff-id digesting and
 * writing into the rootfs (on the caller's). A failure of the source reaches the reader, as the same
 * exception, where the bytes before it end; closing stops the thread and waits for it.
 */
final class ReadAhead extends InputStream {
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS_AHEAD = 8;
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private final InputStream source;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    private record Chunk(byte[] bytes, int length, Throwable failure) {}

    /** Starts reading {@code source} on a new daemon thread named {@code name}. */
    ReadAhead(InputStream source, String name) {
        this.source = source;
        this.thread = new Thread(this::fill, "imagestore-read-ahead " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        try {
            while (!closed) {
                byte[] bytes = new byte[CHUNK];
                int length = 0;
                Throwable failure = null;
                int n = 0;
                try {
                    while (length < CHUNK && (n = source.read(bytes, length, CHUNK - length)) >= 0) {
                        length += n;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                if (length > 0) {
                    chunks.put(new Chunk(bytes, length, null));
                }
                if (failure != null) {
                    chunks.put(new Chunk(new byte[0], 0, failure));
                    return;
                }
                if (n < 0) {
                    chunks.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length) {
            if (current == END) {
                return -1;
            }
            current = take();
            position = 0;
            if (current == END) {
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current.bytes, position, buffer, offset, n);
        position += n;
        return n;
    }

    private Chunk take() throws IOException {
        if (closed) {
            throw new IOException("the read-ahead stream is closed");
        }
        Chunk chunk;
        try {
            chunk = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for data");
        }
        if (chunk.failure != null) {
            rethrow(chunk.failure);
        }
        return chunk;
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        throw (Error) failure;
    }

    /**
     * Stops the reading thread and waits for it (at most {@value #STOP_WAIT_MILLIS} ms: a source blocked on
     * a network read ends when its owner closes it); the source is left for its owner to close.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        chunks.clear();
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the read-ahead thread");
        }
    }
}
