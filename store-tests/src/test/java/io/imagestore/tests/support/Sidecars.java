package io.imagestore.tests.support;

import io.imagestore.api.LocalImageMetadata;
import java.time.Instant;

/** Sample sidecars whose fields say which write produced them, so a test can tell any two apart. */
public final class Sidecars {
    private Sidecars() {}

    /**
     * The metadata of write number {@code version} of {@code reference} (as spelled) by writer {@code writer}:
     * the digest encodes both numbers, the size is the version.
     */
    public static LocalImageMetadata version(String reference, int writer, long version) {
        return LocalImageMetadata.of(reference, version % 2 == 0 ? "linux" : "darwin", "arm64")
                .withSize(version)
                .withDigest(String.format("sha256:%08x%056x", writer, version))
                .withCreated(Instant.ofEpochSecond(1_700_000_000L + version).toString());
    }

    /** A plain darwin/arm64 sidecar of {@code reference}. */
    public static LocalImageMetadata of(String reference) {
        return LocalImageMetadata.of(reference, "darwin", "arm64").withSize(4096)
                .withCreated("2024-05-06T07:08:09Z");
    }
}
