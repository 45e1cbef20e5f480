package io.imagestore.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a non-negative duration written like Go's {@code time.ParseDuration} ({@code 30s}, {@code 500ms},
 * {@code 2m}, {@code 1h30m}, {@code 1.5s}; units {@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}, plus {@code d} for days), a bare {@code 0}, or ISO-8601 ({@code PT30S},
 * {@code P1D}, any case).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * Parses {@code text}.
     *
     * @throws TypeConversionException when it is not a duration, negative, or too large
     */
    static Duration parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            throw refused(text, "it must not be negative");
        }
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            return parseIso(text, trimmed.toUpperCase(Locale.ROOT));
        }
        return parseUnits(text, trimmed);
    }

    private static Duration parseIso(String text, String iso) {
        try {
            Duration duration = Duration.parse(iso);
            if (duration.isNegative()) {
                throw refused(text, "it must not be negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw refused(text, "it is not an ISO-8601 duration");
        }
    }

    private static Duration parseUnits(String text, String trimmed) {
        Matcher term = TERM.matcher(trimmed);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (end < trimmed.length() && term.find(end) && term.start() == end) {
            BigDecimal amount = new BigDecimal(term.group(1));
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(term.group(2)))));
            end = term.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw refused(text, "it is not a duration");
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw refused(text, "it is too long");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    private static TypeConversionException refused(String text, String reason) {
        return new TypeConversionException("invalid duration '" + text + "': " + reason
                + "; use for example 30s, 500ms, 2m, 1h30m or ISO-8601 PT30S");
    }
}
