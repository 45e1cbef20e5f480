package io.imagestore.api.dispatch;

import io.imagestore.api.CorruptSidecarPolicy;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageStore;
import io.imagestore.api.OsKind;
import io.imagestore.api.Platform;
import io.imagestore.api.ResolvedPlatform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the runtime that runs an image, from the image's platform as the store resolves it.
 *
 * <p>Rules, in the order they apply:
 * <ol>
 *   <li>The runtime's OS must equal the image's OS. It is never widened: a {@code darwin} image never
 *       goes to a runtime of another OS, whatever the configuration (emulation included).
 *   <li>The runtime must serve the image's platform ({@link RouteMatch#EXACT}), a platform that also
 *       runs it by containerd's {@code platforms.Only} rules ({@link RouteMatch#COMPATIBLE}: {@code amd64}
 *       runs {@code 386}, {@code arm64} runs {@code arm/v8} to {@code arm/v5}, {@code arm/vN} runs lower
 *       {@code arm} variants), or list it exactly among its emulated platforms
 *       ({@link RouteMatch#EMULATED}).
 *   <li>An image of several platforms (a universal binary's slices) may run as any of them: each is
 *       tried as above.
 *   <li>Among several fits the best match wins, then the runtime configured first, then the image's
 *       platform listed first.
 *   <li>An image of unknown platform follows the {@link UnknownPlatformPolicy}: refused (the default),
 *       or sent to the first runtime serving the assumed OS ({@link RouteMatch#ASSUMED}).
 * </ol>
 * When nothing fits, routing throws {@link NoRouteException}. Instances are immutable and thread-safe;
 * {@link #route(ImageReference)} costs one {@link LocalImageStore#resolvePlatform} call.
 */
public final class DispatchRouter {
    private final LocalImageStore store;
    private final List<RuntimeTarget> runtimes;
    private final UnknownPlatformPolicy unknownPlatformPolicy;
    private final CorruptSidecarPolicy corruptSidecarPolicy;

    private DispatchRouter(Builder builder) {
        this.store = builder.store;
        this.runtimes = List.copyOf(builder.runtimesWithEmulation());
        this.unknownPlatformPolicy = builder.unknownPlatformPolicy;
        this.corruptSidecarPolicy = builder.corruptSidecarPolicy;
    }

    /** Starts configuring a router that resolves platforms through {@code store}. */
    public static Builder builder(LocalImageStore store) {
        return new Builder(store);
    }

    /** Returns the default router for the machine this JVM runs on; see {@link #forHost(LocalImageStore, Platform)}. */
    public static DispatchRouter forHost(LocalImageStore store) {
        return forHost(store, Platform.host());
    }

    /**
     * Returns the default router for a machine of platform {@code host}, refusing images of unknown
     * platform: on macOS, {@code mac-sandbox} serving {@code darwin/ARCH} and {@code linux-vm} serving
     * {@code linux/ARCH}; on Windows, {@code native} serving {@code windows/ARCH} and {@code linux-vm}
     * serving {@code linux/ARCH}; on any other OS, {@code native} serving {@code host}. No emulation is
     * assumed (add it with {@link #toBuilder()} and {@link Builder#emulate(String, Platform)}).
     */
    public static DispatchRouter forHost(LocalImageStore store, Platform host) {
        Platform canonicalHost = PlatformCompatibility.canonical(Objects.requireNonNull(host, "host"));
        Platform linux = Platform.of(OsKind.LINUX.ociName(), canonicalHost.architecture(),
                canonicalHost.variant().orElse(""));
        Optional<OsKind> kind = canonicalHost.osKind();
        Builder builder = builder(store);
        if (kind.equals(Optional.of(OsKind.DARWIN))) {
            return builder.runtime("mac-sandbox", canonicalHost).runtime("linux-vm", linux).build();
        }
        if (kind.equals(Optional.of(OsKind.WINDOWS))) {
            return builder.runtime("native", canonicalHost).runtime("linux-vm", linux).build();
        }
        return builder.runtime("native", canonicalHost).build();
    }

    /**
     * Resolves {@code reference}'s platform through the store and routes it.
     *
     * @throws NoRouteException when no configured runtime may run it
     * @throws io.imagestore.api.ImageNotFoundException when the store has no such image
     * @throws io.imagestore.api.CorruptMetadataException when the image's sidecar cannot be trusted, unless the
     *     router was built with {@link CorruptSidecarPolicy#DETECT_FROM_FILES}
     */
    public RouteDecision route(ImageReference reference) {
        return route(reference, store.resolvePlatform(Objects.requireNonNull(reference, "reference"),
                corruptSidecarPolicy));
    }

    /**
     * Routes {@code reference} whose platform is already {@code resolved}; touches no store. When
     * {@code resolved} holds several platforms, the decision's {@link RouteDecision#imagePlatform()} is the one
     * that was chosen.
     *
     * @throws NoRouteException when no configured runtime may run it
     */
    public RouteDecision route(ImageReference reference, ResolvedPlatform resolved) {
        Objects.requireNonNull(reference, "reference");
        List<Platform> platforms = Objects.requireNonNull(resolved, "resolved").platforms();
        if (platforms.isEmpty()) {
            return routeUnknown(reference);
        }
        List<Platform> images = new ArrayList<>();
        for (Platform platform : platforms) {
            Platform image = PlatformCompatibility.canonical(platform);
            if (!images.contains(image)) {
                images.add(image);
            }
        }
        RouteDecision best = null;
        for (RuntimeTarget runtime : runtimes) {
            for (Platform image : images) {
                Optional<RouteDecision> fit = fit(reference, runtime, image, resolved);
                if (fit.isPresent() && (best == null || fit.get().match().compareTo(best.match()) < 0)) {
                    best = fit.get();
                }
            }
        }
        if (best == null) {
            throw NoRouteException.forPlatforms(reference, images, resolved.source(), runtimes);
        }
        return best;
    }

    private static Optional<RouteDecision> fit(ImageReference reference, RuntimeTarget runtime, Platform image,
            ResolvedPlatform resolved) {
        Platform served = runtime.platform();
        if (!served.os().equals(image.os())) {
            return Optional.empty();
        }
        if (served.equals(image)) {
            return Optional.of(RouteDecision.known(reference, runtime, served, image, resolved.source(), RouteMatch.EXACT));
        }
        if (PlatformCompatibility.runsNatively(served, image)) {
            return Optional.of(RouteDecision.known(reference, runtime, served, image, resolved.source(),
                    RouteMatch.COMPATIBLE));
        }
        if (runtime.emulated().contains(image)) {
            return Optional.of(RouteDecision.known(reference, runtime, image, image, resolved.source(),
                    RouteMatch.EMULATED));
        }
        return Optional.empty();
    }

    private RouteDecision routeUnknown(ImageReference reference) {
        Optional<OsKind> assumed = unknownPlatformPolicy.assumedOs();
        if (assumed.isEmpty()) {
            throw NoRouteException.forUnknownRefused(reference, runtimes);
        }
        String os = assumed.get().ociName();
        return runtimes.stream()
                .filter(runtime -> runtime.platform().os().equals(os))
                .findFirst()
                .map(runtime -> RouteDecision.assumed(reference, runtime))
                .orElseThrow(() -> NoRouteException.forUnknownAssumed(reference, assumed.get(), runtimes));
    }

    /** The runtimes in configuration order, each with its emulated platforms. */
    public List<RuntimeTarget> runtimes() {
        return runtimes;
    }

    /** What happens to images of unknown platform. */
    public UnknownPlatformPolicy unknownPlatformPolicy() {
        return unknownPlatformPolicy;
    }

    /** What routing does when an image's sidecar cannot be trusted. */
    public CorruptSidecarPolicy corruptSidecarPolicy() {
        return corruptSidecarPolicy;
    }

    /** Returns a builder holding this router's store, runtimes and policies, to derive another router. */
    public Builder toBuilder() {
        Builder builder = new Builder(store).unknownPlatformPolicy(unknownPlatformPolicy)
                .corruptSidecarPolicy(corruptSidecarPolicy);
        runtimes.forEach(builder::runtime);
        return builder;
    }

    /** For example {@code DispatchRouter[mac-sandbox=darwin/arm64, linux-vm=linux/arm64]; unknown: refuse}. */
    @Override
    public String toString() {
        return "DispatchRouter" + runtimes + "; unknown: " + unknownPlatformPolicy;
    }

    /** Configures a {@link DispatchRouter}: runtimes in preference order, emulations, the unknown policy. */
    public static final class Builder {
        private final LocalImageStore store;
        private final Map<String, RuntimeTarget> runtimes = new LinkedHashMap<>();
        private final List<RuntimeTarget.Assignment> emulations = new ArrayList<>();
        private UnknownPlatformPolicy unknownPlatformPolicy = UnknownPlatformPolicy.refuse();
        private CorruptSidecarPolicy corruptSidecarPolicy = CorruptSidecarPolicy.FAIL;

        private Builder(LocalImageStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Adds {@code runtime} after those already added (earlier runtimes win ties).
         *
         * @throws InvalidRouterConfigurationException when a runtime of that name was already added
         */
        public Builder runtime(RuntimeTarget runtime) {
            Objects.requireNonNull(runtime, "runtime");
            if (runtimes.putIfAbsent(runtime.name(), runtime) != null) {
                throw new InvalidRouterConfigurationException(runtime.toString(), "a runtime named " + runtime.name()
                        + " is already configured; give each runtime its own name");
            }
            return this;
        }

        /** Adds the runtime {@code name} serving {@code platform}; see {@link #runtime(RuntimeTarget)}. */
        public Builder runtime(String name, Platform platform) {
            return runtime(RuntimeTarget.of(name, platform));
        }

        /**
         * Lets the runtime {@code name} (added before or after this call) also run {@code platform} through
         * emulation; checked by {@link #build()}.
         */
        public Builder emulate(String name, Platform platform) {
            emulations.add(RuntimeTarget.Assignment.of(name, platform));
            return this;
        }

        /**
         * Parses {@code NAME=os/arch[/variant]} and adds it as in {@link #emulate(String, Platform)}.
         *
         * @throws InvalidRouterConfigurationException when the text is not of that form
         */
        public Builder emulate(String assignment) {
            emulations.add(RuntimeTarget.Assignment.parse(assignment));
            return this;
        }

        /** What to do with images of unknown platform (default {@link UnknownPlatformPolicy#refuse()}). */
        public Builder unknownPlatformPolicy(UnknownPlatformPolicy policy) {
            this.unknownPlatformPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * What to do with an image whose sidecar cannot be trusted (default {@link CorruptSidecarPolicy#FAIL}:
         * routing throws {@link io.imagestore.api.CorruptMetadataException}, as reading the image does).
         */
        public Builder corruptSidecarPolicy(CorruptSidecarPolicy policy) {
            this.corruptSidecarPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Returns the router.
         *
         * @throws InvalidRouterConfigurationException when an emulation names no configured runtime or
         *     another OS than its runtime's
         */
        public DispatchRouter build() {
            return new DispatchRouter(this);
        }

        private List<RuntimeTarget> runtimesWithEmulation() {
            Map<String, RuntimeTarget> result = new LinkedHashMap<>(runtimes);
            for (RuntimeTarget.Assignment emulation : emulations) {
                RuntimeTarget runtime = result.get(emulation.name);
                if (runtime == null) {
                    throw new InvalidRouterConfigurationException(emulation.name + "=" + emulation.platform,
                            "no runtime named " + emulation.name + " is configured; configured: " + result.keySet());
                }
                result.put(emulation.name, runtime.withEmulated(emulation.platform));
            }
            return new ArrayList<>(result.values());
        }
    }
}
