package io.imagestore.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.CorruptSidecarPolicy;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.OsKind;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.ResolvedPlatform;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DispatchRouterTest {
    private static final ImageReference APP = ImageReference.parse("myapp:latest");
    private static final List<String> OPERATING_SYSTEMS = List.of("linux", "darwin", "windows", "freebsd");

    private final FakeImageStore store = new FakeImageStore();

    private DispatchRouter router(String... runtimes) {
        DispatchRouter.Builder builder = DispatchRouter.builder(store);
        for (String runtime : runtimes) {
            builder.runtime(RuntimeTarget.parse(runtime));
        }
        return builder.build();
    }

    private static ResolvedPlatform sidecar(String platform) {
        return ResolvedPlatform.of(Platform.parse(platform), PlatformSource.SIDECAR);
    }

    static Stream<Arguments> everyOsPair() {
        return OPERATING_SYSTEMS.stream().flatMap(image -> OPERATING_SYSTEMS.stream().map(runtime -> Arguments.of(image, runtime)));
    }

    @ParameterizedTest(name = "{0} image, {1} runtime")
    @MethodSource("everyOsPair")
    void routesOnlyToARuntimeOfTheSameOs(String imageOs, String runtimeOs) {
        DispatchRouter router = DispatchRouter.builder(store)
                .runtime("only", Platform.parse(runtimeOs + "/amd64"))
                .emulate("only", Platform.parse(runtimeOs + "/arm64"))
                .build();

        for (String arch : List.of("amd64", "386", "arm64")) {
            ResolvedPlatform image = sidecar(imageOs + "/" + arch);
            if (imageOs.equals(runtimeOs)) {
                assertThat(router.route(APP, image).runtime()).isEqualTo("only");
            } else {
                assertThatThrownBy(() -> router.route(APP, image)).isInstanceOf(NoRouteException.class)
                        .hasMessageContaining("needed " + imageOs + "/" + arch);
            }
        }
    }

    @ParameterizedTest(name = "{0} serving, {1} image: {2}")
    @CsvSource({
        "linux/amd64,      linux/amd64,      EXACT",
        "linux/amd64,      linux/386,        COMPATIBLE",
        "linux/386,        linux/amd64,      NONE",
        "linux/amd64,      linux/amd64/v2,   NONE",
        "linux/amd64/v3,   linux/amd64/v2,   COMPATIBLE",
        "linux/amd64/v3,   linux/amd64,      COMPATIBLE",
        "linux/amd64/v3,   linux/386,        COMPATIBLE",
        "linux/amd64,      linux/arm64,      NONE",
        "linux/arm64,      linux/arm64,      EXACT",
        "linux/arm64,      linux/aarch64/v8, EXACT",
        "linux/arm64,      linux/arm/v8,     COMPATIBLE",
        "linux/arm64,      linux/arm,        COMPATIBLE",
        "linux/arm64,      linux/arm/v6,     COMPATIBLE",
        "linux/arm64,      linux/armel,      COMPATIBLE",
        "linux/arm64,      linux/arm/v5,     COMPATIBLE",
        "linux/arm64,      linux/amd64,      NONE",
        "linux/arm64,      linux/386,        NONE",
        "linux/arm64,      linux/arm64/v8.2, NONE",
        "linux/arm64/v8.2, linux/arm64,      COMPATIBLE",
        "linux/arm64/v9,   linux/arm64/v8.5, COMPATIBLE",
        "linux/arm64/v9,   linux/arm64/v8.6, NONE",
        "linux/arm/v7,     linux/arm/v6,     COMPATIBLE",
        "linux/arm/v7,     linux/arm/v5,     COMPATIBLE",
        "linux/arm/v6,     linux/arm/v7,     NONE",
        "linux/arm/v7,     linux/arm64,      NONE",
        "linux/ppc64le,    linux/ppc64le,    EXACT",
        "linux/ppc64le,    linux/ppc64,      NONE",
        "linux/s390x,      linux/s390x,      EXACT",
        "linux/riscv64,    linux/riscv64,    EXACT",
        "darwin/arm64,     darwin/arm64,     EXACT",
        "darwin/arm64,     darwin/amd64,     NONE",
        "darwin/amd64,     darwin/arm64,     NONE",
        "darwin/arm64,     osx/arm64,        EXACT",
        "macOS/amd64,      darwin/amd64,     EXACT",
        "windows/amd64,    windows/386,      COMPATIBLE",
        "windows/arm64,    windows/amd64,    NONE",
    })
    void architecturesFollowContainerdOnlyRules(String served, String image, String expected) {
        DispatchRouter router = router("r=" + served);

        if (expected.equals("NONE")) {
            assertThatThrownBy(() -> router.route(APP, sidecar(image))).isInstanceOf(NoRouteException.class);
            return;
        }
        RouteDecision decision = router.route(APP, sidecar(image));
        assertThat(decision.match()).isEqualTo(RouteMatch.valueOf(expected));
        assertThat(decision.runsAs()).isEqualTo(decision.target().platform());
        assertThat(decision.imagePlatform()).contains(PlatformCompatibility.canonical(Platform.parse(image)));
    }

    @ParameterizedTest(name = "{0} image")
    @CsvSource({
        "linux/amd64,    EMULATED",
        "linux/x86_64,   EMULATED",
        "linux/386,      NONE",
        "linux/amd64/v2, NONE",
        "linux/arm/v7,   COMPATIBLE",
        "darwin/amd64,   NONE",
    })
    void emulationRunsOnlyTheListedPlatformsOfTheRuntimesOs(String image, String expected) {
        DispatchRouter router = DispatchRouter.builder(store)
                .runtime("linux-vm", Platform.parse("linux/arm64"))
                .emulate("linux-vm=linux/amd64")
                .build();

        if (expected.equals("NONE")) {
            assertThatThrownBy(() -> router.route(APP, sidecar(image))).isInstanceOf(NoRouteException.class);
            return;
        }
        RouteDecision decision = router.route(APP, sidecar(image));
        assertThat(decision.match()).isEqualTo(RouteMatch.valueOf(expected));
        assertThat(decision.runsAs().os()).isEqualTo("linux");
    }

    @ParameterizedTest(name = "{1} image -> {2}")
    @CsvSource(delimiter = '|', value = {
        "wide=linux/amd64, exact=linux/386                     | linux/386   | exact  | EXACT",
        "first=linux/amd64, second=linux/amd64                 | linux/amd64 | first  | EXACT",
        "first=linux/amd64, second=linux/amd64                 | linux/386   | first  | COMPATIBLE",
        "emu=linux/arm64+linux/386, native=linux/amd64          | linux/386   | native | COMPATIBLE",
        "emu=linux/arm64+linux/amd64, native=linux/amd64        | linux/amd64 | native | EXACT",
        "emu=linux/arm64+linux/riscv64, other=linux/s390x+linux/riscv64 | linux/riscv64 | emu | EMULATED",
        "mac=darwin/arm64, vm=linux/arm64, vm2=linux/arm64     | linux/arm/v7 | vm   | COMPATIBLE",
        "vm=linux/arm64, mac=darwin/arm64                      | darwin/arm64 | mac  | EXACT",
    })
    void prefersExactThenCompatibleThenEmulatedThenConfigurationOrder(String runtimes, String image, String expected,
            RouteMatch match) {
        DispatchRouter.Builder builder = DispatchRouter.builder(store);
        for (String runtime : runtimes.split(",")) {
            String[] servedAndEmulated = runtime.trim().split("\\+");
            RuntimeTarget target = RuntimeTarget.parse(servedAndEmulated[0]);
            builder.runtime(target);
            if (servedAndEmulated.length > 1) {
                builder.emulate(target.name(), Platform.parse(servedAndEmulated[1]));
            }
        }

        RouteDecision decision = builder.build().route(APP, sidecar(image));

        assertThat(decision.runtime()).isEqualTo(expected);
        assertThat(decision.match()).isEqualTo(match);
    }

    @Test
    void reasonsSayWhatRunsWhereAndWhy() {
        DispatchRouter router = DispatchRouter.builder(store)
                .runtime("mac-sandbox", Platform.parse("darwin/arm64"))
                .runtime("linux-vm", Platform.parse("linux/arm64"))
                .emulate("linux-vm", Platform.parse("linux/amd64"))
                .unknownPlatformPolicy(UnknownPlatformPolicy.assume(OsKind.LINUX))
                .build();

        assertThat(router.route(APP, sidecar("darwin/arm64")).reason())
                .isEqualTo("darwin/arm64 image (per sidecar) runs natively on mac-sandbox (darwin/arm64)");
        assertThat(router.route(APP, ResolvedPlatform.of(Platform.parse("linux/arm/v7"), PlatformSource.IMAGE_CONFIG))
                .reason())
                .isEqualTo("linux/arm/v7 image (per image config) runs on linux-vm (linux/arm64), which also runs arm/v7");
        assertThat(router.route(APP, ResolvedPlatform.of(Platform.parse("linux/amd64"), PlatformSource.ROOTFS_PROBE))
                .reason())
                .isEqualTo("linux/amd64 image (per rootfs probe) runs emulated on linux-vm (linux/arm64, emulating linux/amd64)");
        assertThat(router.route(APP, ResolvedPlatform.unknown()).reason())
                .isEqualTo("image platform unknown (no sidecar, image config or recognisable executable); the policy"
                        + " assumes linux, so it runs on linux-vm (linux/arm64)");
        assertThat(router.route(APP, sidecar("darwin/arm64")))
                .hasToString("docker.io/library/myapp:latest -> mac-sandbox: darwin/arm64 image (per sidecar) runs"
                        + " natively on mac-sandbox (darwin/arm64)");
    }

    @Test
    void aDecisionCarriesEveryFieldTheCommandLinePrints() {
        RouteDecision decision = router("mac-sandbox=darwin/arm64").route(APP, sidecar("macOS/aarch64"));

        assertThat(decision.reference()).isEqualTo(APP);
        assertThat(decision.runtime()).isEqualTo("mac-sandbox");
        assertThat(decision.imagePlatform().map(Platform::toString)).contains("darwin/arm64");
        assertThat(decision.source().wireName()).isEqualTo("sidecar");
        assertThat(decision.match().wireName()).isEqualTo("exact");
        assertThat(decision).isEqualTo(router("mac-sandbox=darwin/arm64").route(APP, sidecar("darwin/arm64")))
                .hasSameHashCodeAs(router("mac-sandbox=darwin/arm64").route(APP, sidecar("darwin/arm64")))
                .isNotEqualTo(router("mac-sandbox=darwin/arm64").route(APP,
                        ResolvedPlatform.of(Platform.parse("darwin/arm64"), PlatformSource.ROOTFS_PROBE)));
    }

    @Test
    void aDarwinImageWithOnlyLinuxRuntimesIsRefusedWithWhatWasNeededAndOffered() {
        DispatchRouter router = DispatchRouter.builder(store)
                .runtime("linux-vm", Platform.parse("linux/arm64"))
                .emulate("linux-vm", Platform.parse("linux/amd64"))
                .runtime("native", Platform.parse("linux/amd64"))
                .unknownPlatformPolicy(UnknownPlatformPolicy.assume(OsKind.LINUX))
                .build();

        assertThatThrownBy(() -> router.route(APP, sidecar("darwin/arm64")))
                .isInstanceOf(NoRouteException.class)
                .isInstanceOf(ImageStoreException.class)
                .hasMessage("no runtime can run docker.io/library/myapp:latest: needed darwin/arm64 (per sidecar): a darwin"
                        + " runtime serving arm64 or a compatible architecture, or emulating it; offered linux-vm=linux/arm64"
                        + " (emulates linux/amd64), native=linux/amd64; configure a runtime that serves darwin/arm64"
                        + " (runtimes never run another OS's images)")
                .extracting(e -> ((NoRouteException) e).reference()).isEqualTo("docker.io/library/myapp:latest");
    }

    @Test
    void anUnknownPlatformIsRefusedByDefault() {
        DispatchRouter router = router("linux-vm=linux/arm64");

        assertThat(router.unknownPlatformPolicy()).isEqualTo(UnknownPlatformPolicy.refuse());
        assertThatThrownBy(() -> router.route(APP, ResolvedPlatform.unknown()))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("needed a known platform, but none was found")
                .hasMessageContaining("the unknown-platform policy is refuse")
                .hasMessageContaining("offered linux-vm=linux/arm64")
                .hasMessageContaining("record the platform with 'imagestore write'");
    }

    @ParameterizedTest(name = "assume {0} -> {1}")
    @CsvSource({"LINUX, linux-vm", "DARWIN, mac-sandbox", "WINDOWS, NONE"})
    void anUnknownPlatformGoesToTheFirstRuntimeOfTheAssumedOs(OsKind assumed, String expected) {
        DispatchRouter router = DispatchRouter.builder(store)
                .runtime("mac-sandbox", Platform.parse("darwin/arm64"))
                .runtime("linux-vm", Platform.parse("linux/arm64"))
                .runtime("linux-vm2", Platform.parse("linux/amd64"))
                .unknownPlatformPolicy(UnknownPlatformPolicy.assume(assumed))
                .build();

        if (expected.equals("NONE")) {
            assertThatThrownBy(() -> router.route(APP, ResolvedPlatform.unknown()))
                    .isInstanceOf(NoRouteException.class)
                    .hasMessageContaining("needed a windows runtime (the platform is unknown and the unknown-platform"
                            + " policy assumes windows)");
            return;
        }
        RouteDecision decision = router.route(APP, ResolvedPlatform.unknown());
        assertThat(decision.runtime()).isEqualTo(expected);
        assertThat(decision.match()).isEqualTo(RouteMatch.ASSUMED);
        assertThat(decision.imagePlatform()).isEmpty();
        assertThat(decision.source()).isEqualTo(PlatformSource.UNKNOWN);
        assertThat(decision.runsAs()).isEqualTo(decision.target().platform());
    }

    @Test
    void aRouterWithoutRuntimesSaysNoneIsConfigured() {
        assertThatThrownBy(() -> router().route(APP, sidecar("linux/amd64")))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("offered no runtimes (none is configured)");
    }

    @Test
    void routingAReferenceResolvesItsPlatformOnceThroughTheStore() {
        store.with("myapp:latest", sidecar("darwin/arm64"));
        DispatchRouter router = router("linux-vm=linux/arm64", "mac-sandbox=darwin/arm64");

        RouteDecision decision = router.route(ImageReference.parse("docker.io/library/myapp"));

        assertThat(decision.runtime()).isEqualTo("mac-sandbox");
        assertThat(store.resolveCalls()).isEqualTo(1);
    }

    @Test
    void aMissingImageIsReportedAsNotFound() {
        assertThatThrownBy(() -> router("vm=linux/arm64").route(ImageReference.parse("ghost")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("docker.io/library/ghost:latest");
    }

    @ParameterizedTest(name = "{0} host")
    @CsvSource(delimiter = '|', value = {
        "darwin/arm64  | mac-sandbox=darwin/arm64, linux-vm=linux/arm64",
        "darwin/amd64  | mac-sandbox=darwin/amd64, linux-vm=linux/amd64",
        "linux/amd64   | native=linux/amd64",
        "linux/arm/v7  | native=linux/arm/v7",
        "linux/s390x   | native=linux/s390x",
        "windows/amd64 | native=windows/amd64, linux-vm=linux/amd64",
        "freebsd/amd64 | native=freebsd/amd64",
    })
    void hostDefaultsServeTheHostsOwnPlatforms(String host, String expected) {
        DispatchRouter router = DispatchRouter.forHost(store, Platform.parse(host));

        assertThat(router.runtimes().stream().map(RuntimeTarget::toString).collect(Collectors.joining(", ")))
                .isEqualTo(expected);
        assertThat(router.unknownPlatformPolicy()).isEqualTo(UnknownPlatformPolicy.refuse());
    }

    @Test
    void onAMacTheHostDefaultsSendDarwinToTheSandboxAndLinuxToTheVm() {
        DispatchRouter router = DispatchRouter.forHost(store, Platform.parse("darwin/arm64"));

        assertThat(router.route(APP, sidecar("darwin/arm64")).runtime()).isEqualTo("mac-sandbox");
        assertThat(router.route(APP, sidecar("linux/arm64")).runtime()).isEqualTo("linux-vm");
        assertThat(router.route(APP, sidecar("linux/arm/v7")).runtime()).isEqualTo("linux-vm");
        assertThatThrownBy(() -> router.route(APP, sidecar("darwin/amd64"))).isInstanceOf(NoRouteException.class);
        assertThatThrownBy(() -> router.route(APP, sidecar("linux/amd64"))).isInstanceOf(NoRouteException.class);
    }

    @Test
    void theRealHostGetsARuntimeForItsOwnPlatform() {
        DispatchRouter router = DispatchRouter.forHost(store);

        assertThat(router.route(APP, sidecar(Platform.host().toString())).match()).isEqualTo(RouteMatch.EXACT);
    }

    @Test
    void runtimeNamesAreUnique() {
        DispatchRouter.Builder builder = DispatchRouter.builder(store).runtime("vm", Platform.parse("linux/arm64"));

        assertThatThrownBy(() -> builder.runtime("vm", Platform.parse("linux/amd64")))
                .isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("a runtime named vm is already configured");
    }

    @Test
    void emulationsMayComeBeforeTheirRuntimeButMustNameOne() {
        DispatchRouter router = DispatchRouter.builder(store)
                .emulate("vm=linux/amd64")
                .runtime("vm", Platform.parse("linux/arm64"))
                .build();
        assertThat(router.runtimes().get(0).emulated()).containsExactly(Platform.parse("linux/amd64"));

        DispatchRouter.Builder unnamed = DispatchRouter.builder(store).runtime("vm", Platform.parse("linux/arm64"))
                .emulate("vn=linux/amd64");
        assertThatThrownBy(unnamed::build).isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("no runtime named vn is configured; configured: [vm]");
    }

    @Test
    void aBuilderEmulationOfAnotherOsIsRefused() {
        DispatchRouter.Builder builder = DispatchRouter.builder(store).runtime("linux-vm", Platform.parse("linux/arm64"))
                .emulate("linux-vm", Platform.parse("darwin/arm64"));

        assertThatThrownBy(builder::build).isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("runtime linux-vm serves linux and cannot emulate another OS (darwin)");
    }

    @Test
    void toBuilderKeepsRuntimesEmulationsAndPolicy() {
        DispatchRouter original = DispatchRouter.forHost(store, Platform.parse("darwin/arm64")).toBuilder()
                .emulate("linux-vm=linux/amd64")
                .unknownPlatformPolicy(UnknownPlatformPolicy.assume(OsKind.LINUX))
                .build();

        DispatchRouter copy = original.toBuilder().build();

        assertThat(copy.runtimes()).isEqualTo(original.runtimes());
        assertThat(copy.unknownPlatformPolicy()).isEqualTo(original.unknownPlatformPolicy());
        assertThat(copy).hasToString("DispatchRouter[mac-sandbox=darwin/arm64, linux-vm=linux/arm64 (emulates"
                + " linux/amd64)]; unknown: linux");
        assertThat(copy.route(APP, sidecar("linux/amd64")).match()).isEqualTo(RouteMatch.EMULATED);
    }

    @Test
    void theRuntimeListCannotBeChangedFromOutside() {
        DispatchRouter router = router("vm=linux/arm64");

        assertThatThrownBy(() -> router.runtimes().add(RuntimeTarget.parse("x=darwin/arm64")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(router.runtimes()).hasSize(1);
    }

    @Test
    void anAliasedDarwinImageStillFindsTheDarwinRuntime() {
        RouteDecision decision = router("linux-vm=linux/arm64", "mac-sandbox=darwin/arm64").route(APP, sidecar("osx/arm64"));

        assertThat(decision.runtime()).isEqualTo("mac-sandbox");
        assertThat(decision.imagePlatform()).isEqualTo(Optional.of(Platform.parse("darwin/arm64")));
    }

    private static ResolvedPlatform universal(String... platforms) {
        return ResolvedPlatform.anyOf(Stream.of(platforms).map(Platform::parse).collect(Collectors.toList()),
                PlatformSource.ROOTFS_PROBE);
    }

    @Test
    void aUniversalImageRunsOnARuntimeOfAnyOfItsSlicesWhateverTheHost() {
        ResolvedPlatform image = universal("darwin/amd64", "darwin/arm64");

        RouteDecision onArm = router("mac-sandbox=darwin/arm64").route(APP, image);
        RouteDecision onIntel = router("mac-sandbox=darwin/amd64").route(APP, image);

        assertThat(onArm.match()).isEqualTo(RouteMatch.EXACT);
        assertThat(onArm.imagePlatform()).contains(Platform.parse("darwin/arm64"));
        assertThat(onIntel.match()).isEqualTo(RouteMatch.EXACT);
        assertThat(onIntel.imagePlatform()).contains(Platform.parse("darwin/amd64"));
    }

    @Test
    void aUniversalImagePrefersTheBestMatchThenTheFirstRuntimeThenTheFirstSlice() {
        ResolvedPlatform image = universal("darwin/386", "darwin/arm64");
        DispatchRouter router = DispatchRouter.builder(store)
                .runtime("intel", Platform.parse("darwin/amd64"))
                .runtime("arm", Platform.parse("darwin/arm64"))
                .build();

        RouteDecision decision = router.route(APP, image);

        assertThat(decision.runtime()).isEqualTo("arm");
        assertThat(decision.match()).isEqualTo(RouteMatch.EXACT);
        assertThat(router("a=darwin/amd64", "b=darwin/amd64").route(APP, universal("darwin/amd64", "darwin/386"))
                .imagePlatform()).contains(Platform.parse("darwin/amd64"));
    }

    @Test
    void aUniversalImageThatNoRuntimeRunsNamesEverySlice() {
        ResolvedPlatform image = universal("darwin/amd64", "darwin/arm64");

        assertThatThrownBy(() -> router("linux-vm=linux/arm64").route(APP, image))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("needed any of darwin/amd64, darwin/arm64 (per rootfs probe)")
                .hasMessageContaining("configure a runtime that serves one of darwin/amd64, darwin/arm64");
    }

    @Test
    void routingFailsOnACorruptSidecarUnlessTheRouterIsToldToDetectFromFiles() {
        store.with("myapp:latest", sidecar("linux/arm64"));

        router("vm=linux/arm64").route(APP);
        DispatchRouter detecting = DispatchRouter.builder(store).runtime("vm", Platform.parse("linux/arm64"))
                .corruptSidecarPolicy(CorruptSidecarPolicy.DETECT_FROM_FILES).build();
        detecting.route(APP);
        detecting.toBuilder().build().route(APP);

        assertThat(store.policies()).containsExactly(CorruptSidecarPolicy.FAIL, CorruptSidecarPolicy.DETECT_FROM_FILES,
                CorruptSidecarPolicy.DETECT_FROM_FILES);
    }
}
