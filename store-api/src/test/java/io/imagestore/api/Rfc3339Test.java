package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

class Rfc3339Test {
    @ParameterizedTest
    @CsvSource({
        "2026-01-01T00:00:00Z,             2026-01-01T00:00:00Z",
        "2026-01-01T02:00:00.5+02:00,      2026-01-01T00:00:00.500Z",
        "1969-12-31T23:59:59.123456789-01:30, 1970-01-01T01:29:59.123456789Z",
        "2024-02-29T12:00:00+00:00,        2024-02-29T12:00:00Z",
        "2026-01-01t00:00:00z,             2026-01-01T00:00:00Z",
        "2026-01-01T00:00Z,                2026-01-01T00:00:00Z",
    })
    void readsWhatJavaTimeReads(String text, String instant) {
        assertThat(Rfc3339.toInstant(text)).contains(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:60Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00+19:00", "2026-01-01T00:00:00.1234567890Z",
        "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+01:60"})
    void rejectsWhatJavaTimeRejects(String text) {
        assertThat(Rfc3339.toInstant(text)).isEmpty();
    }

    @Test
    void agreesWithOffsetDateTimeParse() {
        qt().withExamples(20_000).forAll(timestamps()).checkAssert(text ->
                assertThat(Rfc3339.toInstant(text)).as(text).isEqualTo(javaTime(text)));
    }

    private static Optional<Instant> javaTime(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Timestamps near the canonical form: fields in and just out of range, other offsets, then mutations. */
    private static Gen<String> timestamps() {
        return in -> {
            StringBuilder text = new StringBuilder()
                    .append(digits(in, ReferenceGenerators.between(in, 0, 9) == 0 ? 5 : 4, 0, 9999))
                    .append('-').append(digits(in, 2, 0, 13))
                    .append('-').append(digits(in, 2, 0, 32))
                    .append(ReferenceGenerators.pick(in, List.of("T", "T", "T", "t", " ")))
                    .append(digits(in, 2, 0, 24)).append(':').append(digits(in, 2, 0, 60));
            if (ReferenceGenerators.between(in, 0, 9) != 0) {
                text.append(':').append(digits(in, 2, 0, 60));
            }
            if (ReferenceGenerators.between(in, 0, 1) == 0) {
                text.append(ReferenceGenerators.between(in, 0, 9) == 0 ? ',' : '.');
                int count = ReferenceGenerators.between(in, 0, 10);
                for (int i = 0; i < count; i++) {
                    text.append((char) ('0' + ReferenceGenerators.between(in, 0, 9)));
                }
            }
            text.append(offset(in));
            if (ReferenceGenerators.between(in, 0, 7) == 0) {
                int at = ReferenceGenerators.between(in, 0, text.length() - 1);
                text.setCharAt(at, "0123456789-+:.TZtz x".charAt(ReferenceGenerators.between(in, 0, 19)));
            }
            return text.toString();
        };
    }

    private static String offset(RandomnessSource in) {
        switch (ReferenceGenerators.between(in, 0, 5)) {
            case 0:
                return "Z";
            case 1:
                return "z";
            case 2:
                return "";
            case 3:
                return (ReferenceGenerators.between(in, 0, 1) == 0 ? "+" : "-") + digits(in, 2, 0, 19);
            case 4:
                return (ReferenceGenerators.between(in, 0, 1) == 0 ? "+" : "-") + digits(in, 2, 0, 19) + ":"
                        + digits(in, 2, 0, 60) + ":" + digits(in, 2, 0, 60);
            default:
                return (ReferenceGenerators.between(in, 0, 1) == 0 ? "+" : "-") + digits(in, 2, 0, 19) + ":"
                        + digits(in, 2, 0, 60);
        }
    }

    private static String digits(RandomnessSource in, int width, int min, int max) {
        StringBuilder value = new StringBuilder(Integer.toString(ReferenceGenerators.between(in, min, max)));
        while (value.length() < width) {
            value.insert(0, '0');
        }
        return value.toString();
    }
}
