package io.imagestore.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.Platform;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.generators.Generate;

class RuntimeTargetTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mac-sandbox=darwin/arm64, mac-sandbox, darwin/arm64",
        "linux-vm=linux/aarch64, linux-vm, linux/arm64",
        "pi=linux/arm/v6, pi, linux/arm/v6",
        "x=macOS/x86_64, x, darwin/amd64",
        "old.mac_2=osx/amd64, old.mac_2, darwin/amd64",
    })
    void parsesNameAndNormalisedPlatform(String text, String name, String platform) {
        RuntimeTarget runtime = RuntimeTarget.parse(text);

        assertThat(runtime.name()).isEqualTo(name);
        assertThat(runtime.platform()).isEqualTo(Platform.parse(platform));
        assertThat(runtime.emulated()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linux/arm64", "=linux/arm64", "-vm=linux/arm64", "my vm=linux/arm64", "vm/x=linux/arm64",
        "vm=", "vm=linux/", "vm=linux/arm64/v8/extra", "vm=*"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> RuntimeTarget.parse(text))
                .isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("invalid router configuration \"" + text + "\"");
    }

    @Test
    void anInvalidPlatformKeepsItsParseErrorAsTheCause() {
        assertThatThrownBy(() -> RuntimeTarget.parse("vm=linux//arm64"))
                .isInstanceOf(InvalidRouterConfigurationException.class)
                .hasCauseInstanceOf(InvalidPlatformException.class)
                .hasMessageContaining("empty part");
    }

    @Test
    void refusesNullAndOverlongNames() {
        assertThatThrownBy(() -> RuntimeTarget.parse(null)).isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("NAME=os/arch");
        assertThatThrownBy(() -> RuntimeTarget.of("a".repeat(65), Platform.parse("linux/amd64")))
                .isInstanceOf(InvalidRouterConfigurationException.class).hasMessageContaining("longer than 64");
    }

    @Test
    void emulationAddsPlatformsOfTheSameOsOnce() {
        RuntimeTarget vm = RuntimeTarget.parse("linux-vm=linux/arm64")
                .withEmulated(Platform.parse("linux/amd64"))
                .withEmulated(Platform.parse("linux/x86_64"))
                .withEmulated(Platform.parse("linux/riscv64"));

        assertThat(vm.emulated()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/riscv64"));
        assertThat(vm).hasToString("linux-vm=linux/arm64 (emulates linux/amd64, linux/riscv64)");
    }

    @ParameterizedTest(name = "{0} emulating {1}")
    @CsvSource({
        "linux-vm=linux/arm64, darwin/arm64",
        "linux-vm=linux/arm64, osx/amd64",
        "mac-sandbox=darwin/arm64, linux/amd64",
        "win=windows/amd64, linux/amd64",
    })
    void emulationNeverBridgesOperatingSystems(String runtime, String emulated) {
        RuntimeTarget target = RuntimeTarget.parse(runtime);

        assertThatThrownBy(() -> target.withEmulated(Platform.parse(emulated)))
                .isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("cannot emulate another OS");
        assertThat(target.emulated()).isEmpty();
    }

    @Test
    void equalityCoversNamePlatformAndEmulation() {
        RuntimeTarget plain = RuntimeTarget.parse("vm=linux/arm64");

        assertThat(plain).isEqualTo(RuntimeTarget.of("vm", Platform.parse("linux/aarch64")))
                .hasSameHashCodeAs(RuntimeTarget.of("vm", Platform.parse("linux/aarch64")));
        assertThat(plain).isNotEqualTo(RuntimeTarget.parse("vm2=linux/arm64"))
                .isNotEqualTo(RuntimeTarget.parse("vm=linux/amd64"))
                .isNotEqualTo(plain.withEmulated(Platform.parse("linux/amd64")));
    }

    @Test
    void textRoundTripsForAnyValidNameAndPlatform() {
        List<String> platforms = List.of("linux/amd64", "linux/arm64", "linux/arm/v6", "darwin/arm64", "macos/amd64",
                "windows/amd64", "linux/riscv64", "freebsd/386", "linux/arm64/v9.1");
        List<Character> nameCharacters = "abcXYZ019_.-".chars().mapToObj(c -> (char) c).collect(Collectors.toList());
        qt().withExamples(1000)
                .forAll(lists().of(Generate.pick(nameCharacters)).ofSizeBetween(0, 63), integers().between(0, 9),
                        Generate.pick(platforms))
                .checkAssert((suffix, first, platform) -> {
                    String name = first + suffix.stream().map(String::valueOf).collect(Collectors.joining());
                    RuntimeTarget runtime = RuntimeTarget.of(name, Platform.parse(platform));
                    assertThat(RuntimeTarget.parse(runtime.toString())).isEqualTo(runtime);
                });
    }

    @Test
    void parsingArbitraryTextEitherSucceedsOrThrowsTheTypedError() {
        qt().withExamples(2000)
                .forAll(strings().allPossible().ofLengthBetween(0, 40))
                .checkAssert(text -> {
                    try {
                        RuntimeTarget runtime = RuntimeTarget.parse(text);
                        assertThat(text).startsWith(runtime.name() + "=");
                    } catch (InvalidRouterConfigurationException expected) {
                        assertThat(expected.getMessage()).startsWith("invalid router configuration ");
                    }
                });
    }
}
