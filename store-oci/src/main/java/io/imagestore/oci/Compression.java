package io.imagestore.oci;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** How a layer blob is compressed; see {@link MediaTypes#compressionOf(String)}. */
public enum Compression {
    /** A plain tar. */
    NONE,
    /** gzip (RFC 1952), read with the JDK's inflater. */
    GZIP,
    /** Zstandard, read with zstd-jni through Commons Compress. */
    ZSTD;

    private static final int BUFFER = 65536;
    private static final int MAGIC_BYTES = 4;

    /** A stream of the uncompressed bytes of {@code compressed}; closing it closes {@code compressed}. */
    public InputStream decompress(InputStream compressed) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPInputStream(compressed, BUFFER);
            case ZSTD:
                return new ZstdCompressorInputStream(new BufferedInputStream(compressed, BUFFER));
            default:
                return compressed;
        }
    }

    /** The compression of what {@code in} holds, by its first bytes, which stay to be read. */
    public static Compression detect(BufferedInputStream in) throws IOException {
        in.mark(MAGIC_BYTES);
        byte[] head = in.readNBytes(MAGIC_BYTES);
        in.reset();
        return detect(head, head.length);
    }

    /**
     * The compression whose magic number starts {@code head} (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}),
     * else {@link #NONE}: for Docker archives, whose manifest names no media types.
     */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }
}
