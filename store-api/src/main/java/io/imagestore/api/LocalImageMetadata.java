package io.imagestore.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The platform and identity of a locally built image, stored beside its {@code rootfs/} as
 * {@value #LOCAL_IMAGE_METADATA_FILE} (see {@link MetadataCodec} for the exact JSON).
 *
 * <p>{@code reference}, {@code os} and {@code architecture} are always present; {@code size},
 * {@code digest} and {@code created} only when they were known at write time. Values are kept as the
 * builder gave them (for example {@code os} may be {@code macOS}); {@link #platform()} normalises.
 */
public final class LocalImageMetadata {
    /** File name of the per-image metadata sidecar, next to {@code rootfs/} in the image's directory. */
    public static final String LOCAL_IMAGE_METADATA_FILE = "metadata.json";

    private final String reference;
    private final String os;
    private final String architecture;
    private final long size;
    private final String digest;
    private final String created;

    private LocalImageMetadata(String reference, String os, String architecture, long size, String digest,
            String created) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.os = Objects.requireNonNull(os, "os");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.size = size;
        this.digest = digest;
        this.created = created;
    }

    /** The minimal sidecar: reference and platform, no size, digest or creation time. */
    public static LocalImageMetadata of(String reference, String os, String architecture) {
        return new LocalImageMetadata(reference, os, architecture, -1, null, null);
    }

    /** Returns a copy with {@code size} bytes recorded, or none when {@code size} is empty. */
    public LocalImageMetadata withSize(OptionalLong newSize) {
        long value = newSize.orElse(-1);
        if (newSize.isPresent() && value < 0) {
            throw new IllegalArgumentException("size must not be negative: " + value);
        }
        return new LocalImageMetadata(reference, os, architecture, value, digest, created);
    }

    /** Returns a copy recording {@code bytes} as the rootfs size. */
    public LocalImageMetadata withSize(long bytes) {
        return withSize(OptionalLong.of(bytes));
    }

    /** Returns a copy with the given digest, or none when {@code newDigest} is null. */
    public LocalImageMetadata withDigest(String newDigest) {
        return new LocalImageMetadata(reference, os, architecture, size, newDigest, created);
    }

    /** Returns a copy with the given RFC 3339 creation time, or none when {@code newCreated} is null. */
    public LocalImageMetadata withCreated(String newCreated) {
        return new LocalImageMetadata(reference, os, architecture, size, digest, newCreated);
    }

    /** Returns a copy with {@code instant} as the creation time, written in RFC 3339 (UTC). */
    public LocalImageMetadata withCreated(Instant instant) {
        return withCreated(instant.toString());
    }

    /** Returns a copy naming {@code newReference}; everything else is kept. */
    public LocalImageMetadata withReference(String newReference) {
        return new LocalImageMetadata(newReference, os, architecture, size, digest, created);
    }

    /** The image reference as the builder gave it, for example {@code myapp:latest}. */
    public String reference() {
        return reference;
    }

    /** The OCI {@code os} as written, for example {@code darwin}. */
    public String os() {
        return os;
    }

    /** The OCI {@code architecture} as written, for example {@code arm64}. */
    public String architecture() {
        return architecture;
    }

    /** The rootfs size in bytes, when recorded. */
    public OptionalLong size() {
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** The image's content digest, when recorded. */
    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** The RFC 3339 creation time as written, when recorded. */
    public Optional<String> created() {
        return Optional.ofNullable(created);
    }

    /**
     * The creation time as an instant, empty when absent or not valid RFC 3339: what
     * {@link OffsetDateTime#parse(CharSequence)} accepts.
     */
    public Optional<Instant> createdInstant() {
        return created == null ? Optional.empty() : Rfc3339.toInstant(created);
    }

    /**
     * Parses {@link #reference()}.
     *
     * @throws InvalidReferenceException when the stored reference is not valid
     */
    public ImageReference imageReference() {
        return ImageReference.parse(reference);
    }

    /**
     * The normalised platform of {@code os} and {@code architecture} ({@code macOS/aarch64} →
     * {@code darwin/arm64}); an architecture written as {@code arm/v7} keeps its variant.
     *
     * @throws InvalidPlatformException when os or architecture is empty or malformed
     */
    public Platform platform() {
        int slash = architecture.indexOf('/');
        if (slash > 0) {
            return Platform.of(os, architecture.substring(0, slash), architecture.substring(slash + 1));
        }
        return Platform.of(os, architecture, null);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof LocalImageMetadata)) {
            return false;
        }
        LocalImageMetadata that = (LocalImageMetadata) other;
        return reference.equals(that.reference) && os.equals(that.os) && architecture.equals(that.architecture)
                && size == that.size && Objects.equals(digest, that.digest) && Objects.equals(created, that.created);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, os, architecture, size, digest, created);
    }

    /** The sidecar's JSON, as {@link MetadataCodec#encodeToString} writes it. */
    @Override
    public String toString() {
        return MetadataCodec.encodeToString(this);
    }
}
