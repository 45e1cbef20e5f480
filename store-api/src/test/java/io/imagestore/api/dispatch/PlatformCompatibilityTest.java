package io.imagestore.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.Platform;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.generators.Generate;

class PlatformCompatibilityTest {
    private static final List<String> ARCHITECTURES = List.of("amd64", "amd64/v2", "amd64/v3", "amd64/v4", "386",
            "arm64", "arm64/v8.1", "arm64/v8.2", "arm64/v9", "arm64/v9.1", "arm/v5", "arm/v6", "arm/v7", "arm/v8",
            "ppc64le", "ppc64", "s390x", "riscv64", "mips64le");

    /** Expected vectors, written from containerd's platformVector and its documented Only examples. */
    @ParameterizedTest(name = "{0} runs {1}")
    @CsvSource(delimiter = '|', value = {
        "linux/amd64       | linux/amd64 linux/386",
        "linux/amd64/v3    | linux/amd64/v3 linux/amd64/v2 linux/amd64 linux/386",
        "linux/386         | linux/386",
        "linux/arm/v8      | linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5",
        "linux/arm/v7      | linux/arm/v7 linux/arm/v6 linux/arm/v5",
        "linux/arm/v6      | linux/arm/v6 linux/arm/v5",
        "linux/arm/v5      | linux/arm/v5",
        "linux/arm64       | linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5",
        "linux/arm64/v8.2  | linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5",
        "linux/arm64/v9    | linux/arm64/v9 linux/arm64/v8.5 linux/arm64/v8.4 linux/arm64/v8.3 linux/arm64/v8.2"
                + " linux/arm64/v8.1 linux/arm64 linux/arm/v9 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5",
        "linux/arm64/v9.1  | linux/arm64/v9.1 linux/arm64/v9 linux/arm64/v8.6 linux/arm64/v8.5 linux/arm64/v8.4"
                + " linux/arm64/v8.3 linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v7"
                + " linux/arm/v6 linux/arm/v5",
        "linux/arm64/v9.4  | linux/arm64/v9.4 linux/arm64/v9.3 linux/arm64/v9.2 linux/arm64/v9.1 linux/arm64/v9"
                + " linux/arm64/v8.9 linux/arm64/v8.8 linux/arm64/v8.7 linux/arm64/v8.6 linux/arm64/v8.5 linux/arm64/v8.4"
                + " linux/arm64/v8.3 linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v7"
                + " linux/arm/v6 linux/arm/v5",
        "linux/arm64/v9.6  | linux/arm64/v9.6 linux/arm64/v9.5 linux/arm64/v9.4 linux/arm64/v9.3 linux/arm64/v9.2"
                + " linux/arm64/v9.1 linux/arm64/v9 linux/arm64/v8.9 linux/arm64/v8.8 linux/arm64/v8.7 linux/arm64/v8.6"
                + " linux/arm64/v8.5 linux/arm64/v8.4 linux/arm64/v8.3 linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64"
                + " linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5",
        "darwin/arm64      | darwin/arm64 darwin/arm/v8 darwin/arm/v7 darwin/arm/v6 darwin/arm/v5",
        "linux/ppc64le     | linux/ppc64le",
        "linux/s390x       | linux/s390x",
        "windows/amd64     | windows/amd64 windows/386",
    })
    void runnablePlatformsFollowContainerdOnly(String served, String expected) {
        List<Platform> expectedVector = Arrays.stream(expected.trim().split("\\s+")).map(Platform::parse)
                .collect(Collectors.toList());

        assertThat(PlatformCompatibility.runnableBy(Platform.parse(served))).containsExactlyElementsOf(expectedVector);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "osx/arm64, darwin/arm64",
        "macOS/amd64, darwin/amd64",
        "darwin/arm64, darwin/arm64",
        "linux/arm/v7, linux/arm/v7",
        "freebsd/amd64, freebsd/amd64",
    })
    void canonicalSpellsAliasesOfKnownOperatingSystemsByTheirOciName(String input, String expected) {
        assertThat(PlatformCompatibility.canonical(Platform.parse(input))).isEqualTo(Platform.parse(expected));
    }

    @Test
    void everyRunnablePlatformKeepsTheOsAndStartsWithItself() {
        qt().withExamples(1000)
                .forAll(Generate.pick(List.of("linux", "darwin", "windows", "freebsd")), Generate.pick(ARCHITECTURES))
                .checkAssert((os, arch) -> {
                    Platform served = Platform.parse(os + "/" + arch);
                    List<Platform> vector = PlatformCompatibility.runnableBy(served);
                    assertThat(vector.get(0)).isEqualTo(served);
                    assertThat(vector).allSatisfy(p -> assertThat(p.os()).isEqualTo(os));
                    assertThat(vector).doesNotHaveDuplicates();
                });
    }

    @Test
    void arm64V9RunsV8MinorsUpToFivePlusItsOwnButNeverBeyondV89() {
        qt().withExamples(200)
                .forAll(Generate.range(0, 9), Generate.range(0, 9))
                .checkAssert((v9Minor, v8Minor) -> {
                    Platform served = Platform.parse("linux/arm64/v9." + v9Minor);
                    Platform image = Platform.parse("linux/arm64/v8." + v8Minor);
                    assertThat(PlatformCompatibility.runsNatively(served, image))
                            .as("%s runs %s", served, image)
                            .isEqualTo(v8Minor <= Math.min(v9Minor + 5, 9));
                });
    }

    @Test
    void canonicalIsIdempotent() {
        qt().withExamples(1000)
                .forAll(Generate.pick(List.of("linux", "darwin", "macos", "osx", "OSX", "windows", "plan9")),
                        Generate.pick(ARCHITECTURES))
                .checkAssert((os, arch) -> {
                    Platform once = PlatformCompatibility.canonical(Platform.parse(os + "/" + arch));
                    assertThat(PlatformCompatibility.canonical(once)).isEqualTo(once);
                    assertThat(once.osKind()).isEqualTo(Platform.parse(os + "/" + arch).osKind());
                });
    }
}
