package io.imagestore.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * Random access to the bytes of one file, so that header readers can follow the offsets a header points to
 * (program headers, notes, sections) without reading the whole file. Each read is bounded by its caller.
 */
@FunctionalInterface
interface ExecutableProbeBytes {
    /**
     * Returns up to {@code length} bytes from {@code offset}: fewer at the end of the file, none past it or
     * for a negative offset or length.
     *
     * @throws IOException when the file cannot be read
     */
    byte[] read(long offset, int length) throws IOException;

    /** The bytes of {@code content}, as if it were a whole file. */
    static ExecutableProbeBytes of(byte[] content) {
        return (offset, length) -> {
            if (offset < 0 || length <= 0 || offset >= content.length) {
                return new byte[0];
            }
            return Arrays.copyOfRange(content, (int) offset, (int) Math.min(content.length, offset + length));
        };
    }

    /** The bytes of the open {@code channel}, read at absolute positions. */
    static ExecutableProbeBytes of(SeekableByteChannel channel) {
        return (offset, length) -> {
            if (offset < 0 || length <= 0 || offset >= channel.size()) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, channel.size() - offset));
            channel.position(offset);
            int read;
            do {
                read = channel.read(buffer);
            } while (read > 0 && buffer.hasRemaining());
            return Arrays.copyOf(buffer.array(), buffer.position());
        };
    }
}
