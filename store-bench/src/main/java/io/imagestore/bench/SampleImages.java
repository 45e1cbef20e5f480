package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import java.time.Instant;

/** Realistic sidecars for benchmarks: full references, every optional field present, as builders write them. */
final class SampleImages {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private SampleImages() {}

    /** The metadata of image number {@code index}: distinct references, half Darwin and half Linux. */
    static LocalImageMetadata metadata(int index) {
        String os = index % 2 == 0 ? "darwin" : "linux";
        return LocalImageMetadata.of("registry.example.com/builds/app-" + index + ":v1", os, "arm64")
                .withSize(4096L * (index + 1))
                .withDigest(String.format("sha256:%064x", index))
                .withCreated(EPOCH.plusSeconds(index));
    }
}
