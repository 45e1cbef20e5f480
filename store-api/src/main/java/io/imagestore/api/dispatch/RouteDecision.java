package io.imagestore.api.dispatch;

import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link DispatchRouter} sends one image and why: the runtime, the image's platform and the
 * source it came from, how well they fit, and a one-line reason for people, for example
 * {@code darwin/arm64 image (per sidecar) runs natively on mac-sandbox (darwin/arm64)}.
 */
public final class RouteDecision {
    private final ImageReference reference;
    private final RuntimeTarget target;
    private final Platform runsAs;
    private final Platform imagePlatform;
    private final PlatformSource source;
    private final RouteMatch match;

    private RouteDecision(ImageReference reference, RuntimeTarget target, Platform runsAs, Platform imagePlatform,
            PlatformSource source, RouteMatch match) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.target = Objects.requireNonNull(target, "target");
        this.runsAs = Objects.requireNonNull(runsAs, "runsAs");
        this.imagePlatform = imagePlatform;
        this.source = Objects.requireNonNull(source, "source");
        this.match = Objects.requireNonNull(match, "match");
    }

    /** An image of known platform sent to {@code target}, which runs it as {@code runsAs}. */
    static RouteDecision known(ImageReference reference, RuntimeTarget target, Platform runsAs, Platform imagePlatform,
            PlatformSource source, RouteMatch match) {
        return new RouteDecision(reference, target, runsAs, Objects.requireNonNull(imagePlatform, "imagePlatform"),
                source, match);
    }

    /** An image of unknown platform sent, by the policy's assumption, to {@code target}'s own platform. */
    static RouteDecision assumed(ImageReference reference, RuntimeTarget target) {
        return new RouteDecision(reference, target, target.platform(), null, PlatformSource.UNKNOWN, RouteMatch.ASSUMED);
    }

    /** The image that was routed. */
    public ImageReference reference() {
        return reference;
    }

    /** The chosen runtime's name, for example {@code mac-sandbox}. */
    public String runtime() {
        return target.name();
    }

    /** The chosen runtime as configured. */
    public RuntimeTarget target() {
        return target;
    }

    /**
     * The platform the runtime runs the image as: its own platform, or the emulated one for
     * {@link RouteMatch#EMULATED}.
     */
    public Platform runsAs() {
        return runsAs;
    }

    /** The image's platform, for example {@code darwin/arm64}; empty when it is unknown. */
    public Optional<Platform> imagePlatform() {
        return Optional.ofNullable(imagePlatform);
    }

    /** Where the image's platform came from; {@link PlatformSource#UNKNOWN} when nothing told it. */
    public PlatformSource source() {
        return source;
    }

    /** How well the runtime fits the image. */
    public RouteMatch match() {
        return match;
    }

    /** One line saying which runtime runs the image and why. */
    public String reason() {
        String runtime = target.name() + " (" + target.platform() + ")";
        switch (match) {
            case EXACT:
                return imageText() + " runs natively on " + runtime;
            case COMPATIBLE:
                return imageText() + " runs on " + runtime + ", which also runs " + architectureText(imagePlatform);
            case EMULATED:
                return imageText() + " runs emulated on " + target.name() + " (" + target.platform() + ", emulating "
                        + runsAs + ")";
            default:
                return "image platform unknown (no sidecar, image config or recognisable executable); the policy assumes "
                        + target.platform().os() + ", so it runs on " + runtime;
        }
    }

    private String imageText() {
        return imagePlatform + " image (per " + sourceText(source) + ")";
    }

    /** How a platform source reads in sentences, for example {@code image config}. */
    static String sourceText(PlatformSource source) {
        return source.wireName().replace('_', ' ');
    }

    private static String architectureText(Platform platform) {
        return platform.architecture() + platform.variant().map(v -> "/" + v).orElse("");
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RouteDecision)) {
            return false;
        }
        RouteDecision that = (RouteDecision) other;
        return reference.equals(that.reference) && target.equals(that.target) && runsAs.equals(that.runsAs)
                && Objects.equals(imagePlatform, that.imagePlatform) && source == that.source && match == that.match;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, target, runsAs, imagePlatform, source, match);
    }

    /** {@code reference -> runtime: reason}. */
    @Override
    public String toString() {
        return reference + " -> " + target.name() + ": " + reason();
    }
}
