package io.imagestore.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an RFC 3339 timestamp, such as a sidecar's {@code created}, as an instant: exactly what
 * {@link OffsetDateTime#parse(CharSequence)} accepts, with the same result. The form writers use,
 * {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits, then {@code Z} or {@code ±HH:MM}
 * (for example {@code 2026-01-01T00:00:00Z} or {@code 2026-01-01T02:00:00.5+02:00}), is read by hand; any
 * other text (lower-case {@code t} or {@code z}, no seconds, a year of more than four digits, …) and any
 * field out of range go to {@code OffsetDateTime.parse}. The reason is start-up time: the first use of
 * {@code java.time.format} builds its formatters, regular expressions and lambdas, about 7 ms of a
 * {@code imagestore inspect} that lives 90 ms.
 */
final class Rfc3339 {
    private static final int SECONDS_END = 19;

    private Rfc3339() {}

    /** The instant {@code text} names; empty when {@code OffsetDateTime.parse} rejects it. */
    static Optional<Instant> toInstant(String text) {
        Instant canonical = canonical(text);
        if (canonical != null) {
            return Optional.of(canonical);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The instant of {@code text} in the writers' form, or null when it is not in that form or out of range. */
    private static Instant canonical(String text) {
        if (text.length() < SECONDS_END + 1 || !separatorsAt(text)) {
            return null;
        }
        int nanos = 0;
        int at = SECONDS_END;
        if (text.charAt(at) == '.') {
            int end = at + 1;
            while (end < text.length() && isDigit(text.charAt(end))) {
                end++;
            }
            int digits = end - at - 1;
            if (digits < 1 || digits > 9) {
                return null;
            }
            nanos = number(text, at + 1, end);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
            at = end;
        }
        Integer offsetSeconds = offsetSeconds(text, at);
        if (offsetSeconds == null) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                    number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nanos);
            return Instant.ofEpochSecond(local.toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds)), nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Whether {@code text} starts {@code dddd-dd-ddTdd:dd:dd}. */
    private static boolean separatorsAt(String text) {
        for (int i = 0; i < SECONDS_END; i++) {
            char c = text.charAt(i);
            boolean ok;
            switch (i) {
                case 4:
                case 7:
                    ok = c == '-';
                    break;
                case 10:
                    ok = c == 'T';
                    break;
                case 13:
                case 16:
                    ok = c == ':';
                    break;
                default:
                    ok = isDigit(c);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The offset {@code Z} or {@code ±HH:MM} that ends {@code text} at {@code at}, in seconds; null otherwise. */
    private static Integer offsetSeconds(String text, int at) {
        int left = text.length() - at;
        if (left == 1 && text.charAt(at) == 'Z') {
            return 0;
        }
        if (left != 6 || !isDigit(text.charAt(at + 1)) || !isDigit(text.charAt(at + 2)) || text.charAt(at + 3) != ':'
                || !isDigit(text.charAt(at + 4)) || !isDigit(text.charAt(at + 5))) {
            return null;
        }
        char sign = text.charAt(at);
        int hours = number(text, at + 1, at + 3);
        int minutes = number(text, at + 4, at + 6);
        if ((sign != '+' && sign != '-') || minutes > 59) {
            return null;
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal number of the ASCII digits {@code text[from, to)}. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}
