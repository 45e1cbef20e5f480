package io.imagestore.tests.process;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether a sidecar read from the store is a whole one written by the tests for that very image:
 * its reference is the image's, and its fields agree with each other as {@code Sidecars.version} made
 * them (the digest encodes the size), which a torn or mixed sidecar would not.
 */
final class SidecarCheck {
    private static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{8})([0-9a-f]{56})");

    private SidecarCheck() {}

    /** What is wrong with {@code metadata} as the sidecar of {@code reference}; empty when nothing. */
    static Optional<String> problem(ImageReference reference, LocalImageMetadata metadata) {
        if (!metadata.imageReference().equals(reference)) {
            return Optional.of("foreign sidecar of " + metadata.reference() + ": " + metadata);
        }
        Matcher digest = DIGEST.matcher(metadata.digest().orElse(""));
        if (!digest.matches()) {
            return Optional.of("digest not written by a test: " + metadata);
        }
        long version = Long.parseLong(digest.group(2), 16);
        if (metadata.size().orElse(-1) != version) {
            return Optional.of("size and digest from different writes: " + metadata);
        }
        return Optional.empty();
    }
}
