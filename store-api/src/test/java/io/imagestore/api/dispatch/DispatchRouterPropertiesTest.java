package io.imagestore.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.imagestore.api.ImageReference;
import io.imagestore.api.OsKind;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.ResolvedPlatform;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of routing over generated router configurations. */
class DispatchRouterPropertiesTest {
    private static final ImageReference APP = ImageReference.parse("myapp:latest");
    private static final List<String> OPERATING_SYSTEMS = List.of("linux", "darwin", "macos", "osx", "windows", "freebsd");
    private static final List<String> ARCHITECTURES = List.of("amd64", "amd64/v2", "amd64/v3", "386", "arm64",
            "arm64/v8.2", "arm64/v9", "arm/v5", "arm/v6", "arm/v7", "arm/v8", "ppc64le", "ppc64", "s390x", "riscv64");

    /** A runtime's OS, its architecture, and the architectures it emulates (on its own OS). */
    private static final class RuntimeSpec {
        final String os;
        final String arch;
        final List<String> emulated;

        RuntimeSpec(String os, String arch, List<String> emulated) {
            this.os = os;
            this.arch = arch;
            this.emulated = emulated;
        }

        @Override
        public String toString() {
            return os + "/" + arch + " emulating " + emulated;
        }
    }

    private static Gen<RuntimeSpec> runtimes() {
        return Generate.pick(OPERATING_SYSTEMS).zip(Generate.pick(ARCHITECTURES),
                lists().of(Generate.pick(ARCHITECTURES)).ofSizeBetween(0, 3), RuntimeSpec::new);
    }

    private static Gen<UnknownPlatformPolicy> policies() {
        return Generate.pick(Arrays.asList(null, OsKind.LINUX, OsKind.DARWIN, OsKind.WINDOWS))
                .map(os -> os == null ? UnknownPlatformPolicy.refuse() : UnknownPlatformPolicy.assume(os));
    }

    private static Gen<PlatformSource> sources() {
        return Generate.enumValues(PlatformSource.class);
    }

    private static DispatchRouter router(List<RuntimeSpec> specs, UnknownPlatformPolicy policy) {
        DispatchRouter.Builder builder = DispatchRouter.builder(new FakeImageStore()).unknownPlatformPolicy(policy);
        for (int i = 0; i < specs.size(); i++) {
            RuntimeSpec spec = specs.get(i);
            builder.runtime("r" + i, Platform.parse(spec.os + "/" + spec.arch));
            for (String arch : spec.emulated) {
                builder.emulate("r" + i, Platform.parse(spec.os + "/" + arch));
            }
        }
        return builder.build();
    }

    private static ResolvedPlatform resolved(Platform platform, PlatformSource source) {
        return source == PlatformSource.UNKNOWN ? ResolvedPlatform.unknown() : ResolvedPlatform.of(platform, source);
    }

    private static Optional<RouteDecision> routeOrEmpty(DispatchRouter router, ResolvedPlatform resolved) {
        try {
            return Optional.of(router.route(APP, resolved));
        } catch (NoRouteException refused) {
            return Optional.empty();
        }
    }

    @Test
    void aDarwinImageIsOnlyEverRoutedToADarwinRuntime() {
        qt().withExamples(3000)
                .forAll(Generate.pick(List.of("darwin", "macos", "osx", "macOS")), Generate.pick(ARCHITECTURES),
                        lists().of(runtimes()).ofSizeBetween(0, 6), policies())
                .checkAssert((os, arch, specs, policy) -> {
                    ResolvedPlatform image = ResolvedPlatform.of(Platform.parse(os + "/" + arch), PlatformSource.SIDECAR);
                    routeOrEmpty(router(specs, policy), image).ifPresent(decision -> {
                        assertThat(decision.target().platform().os()).isEqualTo("darwin");
                        assertThat(decision.runsAs().os()).isEqualTo("darwin");
                    });
                });
    }

    @Test
    void anyKnownImageRunsOnlyOnARuntimeOfItsOwnOsAndNeverAsAnotherPlatform() {
        qt().withExamples(3000)
                .forAll(Generate.pick(OPERATING_SYSTEMS), Generate.pick(ARCHITECTURES),
                        lists().of(runtimes()).ofSizeBetween(0, 6), policies())
                .checkAssert((os, arch, specs, policy) -> {
                    Platform image = PlatformCompatibility.canonical(Platform.parse(os + "/" + arch));
                    routeOrEmpty(router(specs, policy), ResolvedPlatform.of(image, PlatformSource.ROOTFS_PROBE))
                            .ifPresent(decision -> {
                                assertThat(decision.target().platform().os()).isEqualTo(image.os());
                                assertThat(decision.imagePlatform()).contains(image);
                                assertThat(decision.match()).isNotEqualTo(RouteMatch.ASSUMED);
                                assertThat(PlatformCompatibility.runsNatively(decision.runsAs(), image)).isTrue();
                            });
                });
    }

    @Test
    void aRuntimeServingTheImagesExactPlatformIsAlwaysChosenAndTheFirstSuchWins() {
        qt().withExamples(2000)
                .forAll(lists().of(runtimes()).ofSizeBetween(1, 6), Generate.range(0, 5), sources().assuming(
                        source -> source != PlatformSource.UNKNOWN))
                .checkAssert((specs, pick, source) -> {
                    RuntimeSpec chosen = specs.get(pick % specs.size());
                    Platform image = PlatformCompatibility.canonical(Platform.parse(chosen.os + "/" + chosen.arch));
                    RouteDecision decision = router(specs, UnknownPlatformPolicy.refuse()).route(APP, resolved(image, source));

                    assertThat(decision.match()).isEqualTo(RouteMatch.EXACT);
                    int first = 0;
                    while (!PlatformCompatibility.canonical(Platform.parse(specs.get(first).os + "/" + specs.get(first).arch))
                            .equals(image)) {
                        first++;
                    }
                    assertThat(decision.runtime()).isEqualTo("r" + first);
                    assertThat(decision.source()).isEqualTo(source);
                });
    }

    @Test
    void anUnknownImageIsRefusedOrSentToTheAssumedOs() {
        qt().withExamples(2000)
                .forAll(lists().of(runtimes()).ofSizeBetween(0, 6), policies())
                .checkAssert((specs, policy) -> {
                    DispatchRouter router = router(specs, policy);
                    if (policy.assumedOs().isEmpty()) {
                        assertThatThrownBy(() -> router.route(APP, ResolvedPlatform.unknown()))
                                .isInstanceOf(NoRouteException.class);
                        return;
                    }
                    String assumed = policy.assumedOs().get().ociName();
                    routeOrEmpty(router, ResolvedPlatform.unknown()).ifPresentOrElse(
                            decision -> assertThat(decision.target().platform().os()).isEqualTo(assumed),
                            () -> assertThat(router.runtimes()).noneMatch(r -> r.platform().os().equals(assumed)));
                });
    }
}
