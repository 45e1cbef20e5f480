package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @ParameterizedTest
    @CsvSource({
        "30s, PT30S", "500ms, PT0.5S", "2m, PT2M", "1h30m, PT1H30M", "1.5s, PT1.5S", "7d, PT168H",
        "0, PT0S", "250us, PT0.00025S", "250µs, PT0.00025S", "10ns, PT0.00000001S",
        "PT30S, PT30S", "pt1m, PT1M", "P1D, PT24H", "' 45s ', PT45S"})
    void readsGoStyleAndIsoDurations(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "30", "30 s", "-5s", "5x", "1h-30m", "PT-5S", "P", "1e3s", "s30",
        "99999999999999999h"})
    void refusesWhatIsNotANonNegativeDuration(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("30s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", " -1h", "-PT5S", "PT-5S", "-P1D"})
    void aNegativeDurationIsRefusedAsNegative(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "': it must not be negative");
    }

    @Test
    void millisecondsRoundTrip() {
        qt().withExamples(2000).forAll(longs().between(0, 1_000_000_000_000L))
                .check(millis -> DurationConverter.parse(millis + "ms").equals(Duration.ofMillis(millis)));
    }

    @Test
    void hoursMinutesSecondsAddUp() {
        qt().withExamples(2000)
                .forAll(integers().between(0, 10_000), integers().between(0, 600), integers().between(0, 6000))
                .check((h, m, s) -> DurationConverter.parse(h + "h" + m + "m" + s + "s")
                        .equals(Duration.ofHours(h).plusMinutes(m).plusSeconds(s)));
    }

    @Test
    void isoTextOfEveryNonNegativeDurationRoundTrips() {
        qt().withExamples(2000).forAll(longs().between(0, Long.MAX_VALUE / 2), integers().between(0, 999_999_999))
                .check((seconds, nanos) -> {
                    Duration duration = Duration.ofSeconds(seconds, nanos);
                    return DurationConverter.parse(duration.toString()).equals(duration);
                });
    }

    @Test
    void anyTextGivesANonNegativeDurationOrAClearRefusal() {
        qt().withExamples(5000).forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 12)).check(text -> {
            try {
                return !DurationConverter.parse(text).isNegative();
            } catch (TypeConversionException e) {
                return e.getMessage().startsWith("invalid duration '" + text + "'");
            }
        });
    }
}
