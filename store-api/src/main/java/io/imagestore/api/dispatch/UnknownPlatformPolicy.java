package io.imagestore.api.dispatch;

import io.imagestore.api.OsKind;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DispatchRouter} does with an image whose platform no source tells: {@link #refuse()}
 * (the default: routing fails with {@link NoRouteException}) or {@link #assume(OsKind)} an OS, which
 * sends the image to the first configured runtime serving that OS.
 *
 * <p>Text form, as on the command line: {@code refuse}, or the OS to assume ({@code linux},
 * {@code darwin} or its aliases {@code macos} and {@code osx}, {@code windows}).
 */
public final class UnknownPlatformPolicy {
    private static final String REFUSE_TEXT = "refuse";
    private static final UnknownPlatformPolicy REFUSE = new UnknownPlatformPolicy(null);

    private final OsKind assumedOs;

    private UnknownPlatformPolicy(OsKind assumedOs) {
        this.assumedOs = assumedOs;
    }

    /** The policy that routes no image of unknown platform. */
    public static UnknownPlatformPolicy refuse() {
        return REFUSE;
    }

    /** The policy that treats an image of unknown platform as one of {@code os}. */
    public static UnknownPlatformPolicy assume(OsKind os) {
        return new UnknownPlatformPolicy(Objects.requireNonNull(os, "os"));
    }

    /**
     * Parses {@code refuse} or an OS name, case-insensitively.
     *
     * @throws InvalidRouterConfigurationException for anything else
     */
    public static UnknownPlatformPolicy parse(String text) {
        if (text != null && text.trim().equalsIgnoreCase(REFUSE_TEXT)) {
            return REFUSE;
        }
        return OsKind.fromOci(text).map(UnknownPlatformPolicy::assume).orElseThrow(() ->
                new InvalidRouterConfigurationException(text, "an unknown-platform policy is 'refuse' or the OS to assume:"
                        + " 'linux', 'darwin' or 'windows'"));
    }

    /** The OS assumed for images of unknown platform; empty when they are refused. */
    public Optional<OsKind> assumedOs() {
        return Optional.ofNullable(assumedOs);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnknownPlatformPolicy && assumedOs == ((UnknownPlatformPolicy) other).assumedOs;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(assumedOs);
    }

    /** {@code refuse} or the assumed OS's OCI name, for example {@code linux}; {@link #parse} of it is equal. */
    @Override
    public String toString() {
        return assumedOs == null ? REFUSE_TEXT : assumedOs.ociName();
    }
}
