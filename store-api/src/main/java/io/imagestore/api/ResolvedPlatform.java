package io.imagestore.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An image's platform together with the source it was learned from. Most images have one platform; a
 * universal (fat) Mach-O executable has one per slice, and the image runs on any of them: then
 * {@link #platform()} is the first slice in the file's own order (the same on every host) and
 * {@link #alternatives()} holds the others.
 */
public final class ResolvedPlatform {
    private static final ResolvedPlatform UNKNOWN = new ResolvedPlatform(List.of(), PlatformSource.UNKNOWN);

    private final List<Platform> platforms;
    private final PlatformSource source;

    private ResolvedPlatform(List<Platform> platforms, PlatformSource source) {
        this.platforms = platforms;
        this.source = source;
    }

    /** A platform learned from {@code source}, which must not be {@link PlatformSource#UNKNOWN}. */
    public static ResolvedPlatform of(Platform platform, PlatformSource source) {
        return anyOf(List.of(Objects.requireNonNull(platform, "platform")), source);
    }

    /**
     * Platforms learned from {@code source}, any of which runs the image, the primary one first.
     *
     * @throws IllegalArgumentException when {@code platforms} is empty or repeats a platform, or when
     *     {@code source} is {@link PlatformSource#UNKNOWN}
     */
    public static ResolvedPlatform anyOf(List<Platform> platforms, PlatformSource source) {
        List<Platform> copy = List.copyOf(Objects.requireNonNull(platforms, "platforms"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a known platform needs at least one platform; use unknown()");
        }
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException("platforms repeat one another: " + copy);
        }
        if (Objects.requireNonNull(source, "source") == PlatformSource.UNKNOWN) {
            throw new IllegalArgumentException("a known platform needs a source other than UNKNOWN");
        }
        return new ResolvedPlatform(copy, source);
    }

    /** The result when no source told the platform. */
    public static ResolvedPlatform unknown() {
        return UNKNOWN;
    }

    /** The primary platform; empty when {@link #source()} is {@link PlatformSource#UNKNOWN}. */
    public Optional<Platform> platform() {
        return platforms.isEmpty() ? Optional.empty() : Optional.of(platforms.get(0));
    }

    /** Every platform the image runs as, the primary one first; empty when unknown. */
    public List<Platform> platforms() {
        return platforms;
    }

    /** The platforms after the primary one (the other slices of a universal binary); usually empty. */
    public List<Platform> alternatives() {
        return platforms.isEmpty() ? List.of() : platforms.subList(1, platforms.size());
    }

    /** Where the platform came from. */
    public PlatformSource source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResolvedPlatform
                && platforms.equals(((ResolvedPlatform) other).platforms)
                && source == ((ResolvedPlatform) other).source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(platforms, source);
    }

    /** {@code os/arch[/variant]}, or several joined by {@code ", "} for a universal binary; empty when unknown. */
    public String platformsText() {
        return platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
    }

    /** For example {@code darwin/arm64 (sidecar)}, {@code darwin/amd64, darwin/arm64 (rootfs_probe)} or {@code unknown}. */
    @Override
    public String toString() {
        return platforms.isEmpty() ? "unknown" : platformsText() + " (" + source.wireName() + ")";
    }
}
