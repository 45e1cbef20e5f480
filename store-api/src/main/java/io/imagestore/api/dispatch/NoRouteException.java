package io.imagestore.api.dispatch;

import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.OsKind;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * No configured runtime may run an image; the message says what the image needed, what the router
 * offered and what to configure.
 */
public final class NoRouteException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final String reference;

    private NoRouteException(ImageReference reference, String needed, List<RuntimeTarget> offered, String advice) {
        super("no runtime can run " + reference + ": needed " + needed + "; offered " + offeredText(offered) + "; "
                + advice);
        this.reference = reference.canonical();
    }

    /**
     * No runtime serves, runs compatibly or emulates any of {@code platforms} (one, or a universal binary's
     * slices, all of one OS), learned from {@code source}.
     */
    static NoRouteException forPlatforms(ImageReference reference, List<Platform> platforms, PlatformSource source,
            List<RuntimeTarget> offered) {
        String listed = platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
        String architectures = platforms.stream().map(Platform::architecture).distinct()
                .collect(Collectors.joining(" or "));
        String oses = platforms.stream().map(Platform::os).distinct().collect(Collectors.joining(" or "));
        String needed = (platforms.size() == 1 ? listed : "any of " + listed) + " (per "
                + RouteDecision.sourceText(source) + "): a " + oses + " runtime serving " + architectures
                + " or a compatible architecture, or emulating it";
        return new NoRouteException(reference, needed, offered, "configure a runtime that serves "
                + (platforms.size() == 1 ? listed : "one of " + listed) + " (runtimes never run another OS's images)");
    }

    /** The image's platform is unknown and the policy refuses such images. */
    static NoRouteException forUnknownRefused(ImageReference reference, List<RuntimeTarget> offered) {
        return new NoRouteException(reference, "a known platform, but none was found (no sidecar, no image config"
                + " with os and architecture, no recognisable executable in rootfs/) and the unknown-platform policy"
                + " is refuse", offered, "record the platform with 'imagestore write' or use an unknown-platform policy"
                + " that assumes an OS");
    }

    /** The image's platform is unknown, the policy assumes {@code os}, and no runtime serves it. */
    static NoRouteException forUnknownAssumed(ImageReference reference, OsKind os, List<RuntimeTarget> offered) {
        return new NoRouteException(reference, "a " + os.ociName() + " runtime (the platform is unknown and the"
                + " unknown-platform policy assumes " + os.ociName() + ")", offered, "configure a runtime that serves "
                + os.ociName() + " or record the image's platform with 'imagestore write'");
    }

    private static String offeredText(List<RuntimeTarget> offered) {
        if (offered.isEmpty()) {
            return "no runtimes (none is configured)";
        }
        return offered.stream().map(RuntimeTarget::toString).collect(Collectors.joining(", "));
    }

    /** The canonical reference of the image that could not be routed. */
    public String reference() {
        return reference;
    }
}
