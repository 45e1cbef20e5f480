package io.imagestore.api.dispatch;

import io.imagestore.api.Platform;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which offered platforms satisfy a wanted one, by containerd's {@code platforms.Only} rules: the
 * same operating system, and an architecture the wanted platform runs natively (see the rules of the
 * {@link DispatchRouter}). The same code the router uses, for choosing one manifest of a
 * multi-platform index. A Darwin image never matches a Linux request.
 */
public final class PlatformMatcher {
    private final Platform wanted;
    private final List<Platform> accepted;

    private PlatformMatcher(Platform wanted) {
        this.wanted = wanted;
        this.accepted = PlatformCompatibility.runnableBy(wanted);
    }

    /** A matcher accepting what a machine of platform {@code wanted} runs natively. */
    public static PlatformMatcher only(Platform wanted) {
        return new PlatformMatcher(PlatformCompatibility.canonical(Objects.requireNonNull(wanted, "wanted")));
    }

    /** The wanted platform, its OS spelled canonically. */
    public Platform wanted() {
        return wanted;
    }

    /** Whether {@code offered} satisfies the wanted platform. */
    public boolean matches(Platform offered) {
        return rank(offered).isPresent();
    }

    /**
     * How well {@code offered} fits: 0 for the wanted platform itself, higher for less preferred
     * compatible ones; empty when it does not match.
     */
    public OptionalInt rank(Platform offered) {
        int index = accepted.indexOf(PlatformCompatibility.canonical(Objects.requireNonNull(offered, "offered")));
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }
}
