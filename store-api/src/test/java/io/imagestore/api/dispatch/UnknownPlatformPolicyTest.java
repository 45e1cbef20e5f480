package io.imagestore.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.OsKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.generators.Generate;

class UnknownPlatformPolicyTest {
    @Test
    void refuseIsTheOnlyPolicyWithoutAnAssumedOs() {
        assertThat(UnknownPlatformPolicy.refuse().assumedOs()).isEmpty();
        assertThat(UnknownPlatformPolicy.parse("REFUSE")).isEqualTo(UnknownPlatformPolicy.refuse());
        assertThat(UnknownPlatformPolicy.refuse()).hasToString("refuse");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"linux, LINUX", "Linux, LINUX", "darwin, DARWIN", "macOS, DARWIN", "osx, DARWIN", "windows, WINDOWS"})
    void parsesAnOsToAssume(String text, OsKind expected) {
        UnknownPlatformPolicy policy = UnknownPlatformPolicy.parse(text);

        assertThat(policy.assumedOs()).isEqualTo(Optional.of(expected));
        assertThat(policy).isEqualTo(UnknownPlatformPolicy.assume(expected)).hasToString(expected.ociName());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "refuses", "freebsd", "assume linux", "linux/amd64"})
    void refusesOtherText(String text) {
        assertThatThrownBy(() -> UnknownPlatformPolicy.parse(text))
                .isInstanceOf(InvalidRouterConfigurationException.class)
                .hasMessageContaining("'refuse' or the OS to assume");
    }

    @Test
    void textRoundTrips() {
        qt().withExamples(1000)
                .forAll(Generate.pick(java.util.Arrays.asList(null, OsKind.LINUX, OsKind.DARWIN, OsKind.WINDOWS)))
                .checkAssert(os -> {
                    UnknownPlatformPolicy policy = os == null ? UnknownPlatformPolicy.refuse() : UnknownPlatformPolicy.assume(os);
                    assertThat(UnknownPlatformPolicy.parse(policy.toString())).isEqualTo(policy)
                            .hasSameHashCodeAs(policy);
                });
    }
}
