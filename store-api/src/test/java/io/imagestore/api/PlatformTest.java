package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

class PlatformTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "linux/amd64,          linux/amd64",
        "linux/x86_64,         linux/amd64",
        "linux/x86-64,         linux/amd64",
        "linux/amd64/v1,       linux/amd64",
        "linux/amd64/v3,       linux/amd64/v3",
        "linux/aarch64,        linux/arm64",
        "linux/arm64/v8,       linux/arm64",
        "linux/arm64/8,        linux/arm64",
        "linux/arm64/9,        linux/arm64/v9",
        "linux/arm64/v9,       linux/arm64/v9",
        "linux/armhf,          linux/arm/v7",
        "linux/armel,          linux/arm/v6",
        "linux/arm,            linux/arm/v7",
        "linux/arm/7,          linux/arm/v7",
        "linux/arm/v6,         linux/arm/v6",
        "linux/arm/5,          linux/arm/v5",
        "linux/i386,           linux/386",
        "macOS/arm64,          darwin/arm64",
        "MacOS/AArch64,        darwin/arm64",
        "darwin/arm64,         darwin/arm64",
        "OSX/x86_64,           darwin/amd64",
        "Windows/AMD64,        windows/amd64",
        "linux/ppc64le,        linux/ppc64le",
    })
    void normalisesLikeContainerd(String input, String expected) {
        assertThat(Platform.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void singleWordsFillTheMissingPartFromTheHost() {
        Platform host = Platform.host();
        Platform arm64 = Platform.parse("arm64");
        assertThat(arm64.os()).isEqualTo(host.os());
        assertThat(arm64.architecture()).isEqualTo("arm64");
        Platform mac = Platform.parse("macOS");
        assertThat(mac.os()).isEqualTo("darwin");
        assertThat(mac.architecture()).isEqualTo(host.architecture());
        assertThat(Platform.parse("aarch64").architecture()).isEqualTo("arm64");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "/", "linux/", "/amd64", "linux//amd64", "linux/amd 64", " linux/amd64",
        "linux/*", "*", "linux/arm/v7/extra", "notanos", "linux\n/amd64", "linux/amd64/"})
    void rejectsMalformedSpecifiersNamingThem(String input) {
        assertThatThrownBy(() -> Platform.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(InvalidPlatformException.class)
                .hasMessageContaining("invalid platform");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Platform.parse(null)).isInstanceOf(InvalidPlatformException.class);
        assertThatThrownBy(() -> Platform.of(null, "amd64", null)).isInstanceOf(InvalidPlatformException.class);
    }

    @Test
    void ofNormalisesItsParts() {
        Platform platform = Platform.of("macOS", "aarch64", null);
        assertThat(platform.os()).isEqualTo("darwin");
        assertThat(platform.architecture()).isEqualTo("arm64");
        assertThat(platform.variant()).isEmpty();
        assertThat(platform.osKind()).contains(OsKind.DARWIN);
        assertThat(Platform.of("linux", "arm", "").variant()).contains("v7");
        assertThat(Platform.of("linux", "arm64", "v8")).isEqualTo(Platform.parse("linux/arm64"));
    }

    @Test
    void unknownOsHasNoKind() {
        assertThat(Platform.parse("freebsd/amd64").osKind()).isEmpty();
    }

    @Test
    void hostDetectionMapsJavaNames() {
        assertThat(Platform.detectHost("Mac OS X", "aarch64").toString()).isEqualTo("darwin/arm64");
        assertThat(Platform.detectHost("Linux", "amd64").toString()).isEqualTo("linux/amd64");
        assertThat(Platform.detectHost("Linux", "x86").toString()).isEqualTo("linux/386");
        assertThat(Platform.detectHost("Windows 11", "amd64").toString()).isEqualTo("windows/amd64");
        assertThat(Platform.detectHost("Linux", "arm").toString()).isEqualTo("linux/arm/v7");
        assertThat(Platform.host().toString()).doesNotContain(" ");
    }

    @Test
    void normalisationIsIdempotent() {
        qt().withExamples(2000).forAll(specifiers()).checkAssert(text -> {
            Platform once = Platform.parse(text);
            Platform twice = Platform.parse(once.toString());
            assertThat(twice).isEqualTo(once).hasSameHashCodeAs(once);
            assertThat(twice.toString()).isEqualTo(once.toString());
            assertThat(Platform.of(once.os(), once.architecture(), once.variant().orElse(null))).isEqualTo(once);
        });
    }

    @Test
    void arm64VariantGetsItsVOnlyWhenItIsABareVersion() {
        Gen<String> variants = in -> {
            StringBuilder variant = new StringBuilder();
            int length = ReferenceGenerators.between(in, 1, 6);
            for (int i = 0; i < length; i++) {
                variant.append("0123456789.v_-".charAt(ReferenceGenerators.between(in, 0, 13)));
            }
            return variant.toString();
        };
        qt().withExamples(5000).forAll(variants).checkAssert(variant -> {
            Platform platform = Platform.of("linux", "arm64", variant);
            boolean bare = variant.matches("[0-9]+(\\.[0-9]+)?");
            if (bare && !List.of("8", "8.0", "9", "9.0").contains(variant)) {
                assertThat(platform.variant()).as(variant).contains("v" + variant);
            } else if (!bare && !List.of("v8", "v8.0", "v9.0").contains(variant)) {
                assertThat(platform.variant()).as(variant).contains(variant);
            }
        });
    }

    private static Gen<String> specifiers() {
        List<String> oses = List.of("linux", "Linux", "darwin", "macOS", "macos", "osx", "windows", "freebsd", "plan9");
        List<String> arches = List.of("amd64", "x86_64", "x86-64", "AMD64", "aarch64", "arm64", "arm", "armhf",
                "armel", "i386", "386", "ppc64le", "s390x", "riscv64", "mips64le");
        List<String> variants = List.of("", "v5", "v6", "v7", "v8", "8", "9", "v9", "v1", "v2", "v3", "7", "V8",
                "8.1", "v8.2");
        return in -> {
            String os = ReferenceGenerators.pick(in, oses);
            String arch = ReferenceGenerators.pick(in, arches);
            String variant = ReferenceGenerators.pick(in, variants);
            switch (ReferenceGenerators.between(in, 0, 3)) {
                case 0:
                    return arch;
                case 1:
                    return os + "/" + arch;
                default:
                    return variant.isEmpty() ? os + "/" + arch : os + "/" + arch + "/" + variant;
            }
        };
    }
}
