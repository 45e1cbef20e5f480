package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;

/**
 * Who wrote a sidecar in the contended-write run, and which of their writes it was, carried in the
 * sidecar's {@code size} field as {@code writer × 10^9 + sequence} so that any sidecar read back names
 * the write that produced it.
 */
record WriteStamp(int writer, long sequence) {
    private static final long WRITER_UNIT = 1_000_000_000L;

    /** The stamp {@code metadata}'s size carries; writer 0 when it carries none. */
    static WriteStamp of(LocalImageMetadata metadata) {
        long size = metadata.size().orElse(0);
        return new WriteStamp((int) (size / WRITER_UNIT), size % WRITER_UNIT);
    }

    /** {@code template} stamped with this writer and sequence. */
    LocalImageMetadata stamp(LocalImageMetadata template) {
        return template.withSize(writer * WRITER_UNIT + sequence);
    }
}
