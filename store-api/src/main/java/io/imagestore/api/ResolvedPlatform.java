package io.imagestore.api;

import java.util.Objects;
import java.util.Optional;

/** An image's platform together with the source it was learned from. */
public final class ResolvedPlatform {
    private static final ResolvedPlatform UNKNOWN = new ResolvedPlatform(null, PlatformSource.UNKNOWN);

    private final Platform platform;
    private final PlatformSource source;

    private ResolvedPlatform(Platform platform, PlatformSource source) {
        this.platform = platform;
        this.source = source;
    }

    /** A platform learned from {@code source}, which must not be {@link PlatformSource#UNKNOWN}. */
    public static ResolvedPlatform of(Platform platform, PlatformSource source) {
        Objects.requireNonNull(platform, "platform");
        if (source == PlatformSource.UNKNOWN) {
            throw new IllegalArgumentException("a known platform needs a source other than UNKNOWN");
        }
        return new ResolvedPlatform(platform, Objects.requireNonNull(source, "source"));
    }

    /** The result when no source told the platform. */
    public static ResolvedPlatform unknown() {
        return UNKNOWN;
    }

    /** The platform; empty when {@link #source()} is {@link PlatformSource#UNKNOWN}. */
    public Optional<Platform> platform() {
        return Optional.ofNullable(platform);
    }

    /** Where the platform came from. */
    public PlatformSource source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResolvedPlatform
                && Objects.equals(platform, ((ResolvedPlatform) other).platform)
                && source == ((ResolvedPlatform) other).source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(platform, source);
    }

    /** For example {@code darwin/arm64 (sidecar)} or {@code unknown}. */
    @Override
    public String toString() {
        return platform == null ? "unknown" : platform + " (" + source.wireName() + ")";
    }
}
