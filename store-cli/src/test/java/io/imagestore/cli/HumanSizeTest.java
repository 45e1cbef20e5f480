package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanSizeTest {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?) (B|kB|MB|GB|TB|PB|EB)");
    private static final List<String> UNITS = List.of("B", "kB", "MB", "GB", "TB", "PB", "EB");

    @ParameterizedTest
    @CsvSource({
        "0, 0 B", "1, 1 B", "999, 999 B", "1000, 1 kB", "4096, 4.1 kB", "1200000000, 1.2 GB",
        "1234567890, 1.23 GB", "999499, 999 kB", "999999, 1 MB", "9223372036854775807, 9.22 EB"})
    void formatsLikeDocker(long bytes, String expected) {
        assertThat(HumanSize.format(bytes)).isEqualTo(expected);
    }

    @Test
    void refusesNegativeCounts() {
        assertThatThrownBy(() -> HumanSize.format(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCountReadsBackWithinRounding() {
        qt().withExamples(5000).forAll(longs().between(0, Long.MAX_VALUE)).check(bytes -> {
            Matcher matcher = SHAPE.matcher(HumanSize.format(bytes));
            if (!matcher.matches()) {
                return false;
            }
            double shown = Double.parseDouble(matcher.group(1)) * Math.pow(1000, UNITS.indexOf(matcher.group(2)));
            return Math.abs(shown - bytes) <= Math.max(0.5, bytes * 0.005);
        });
    }
}
