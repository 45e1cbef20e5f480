package io.imagestore.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Byte counts for people, like {@code docker images}: decimal units ({@code kB} = 1000 bytes), three
 * significant digits, no trailing zeros, a space before the unit: {@code 0 B}, {@code 999 B},
 * {@code 4.1 kB}, {@code 1.2 GB}.
 */
final class HumanSize {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_EVEN);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private HumanSize() {}

    /** Formats a non-negative byte count. */
    static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte count must not be negative: " + bytes);
        }
        BigDecimal value = BigDecimal.valueOf(bytes);
        int unit = 0;
        while (unit < UNITS.length - 1 && value.round(THREE_DIGITS).compareTo(THOUSAND) >= 0) {
            value = value.divide(THOUSAND);
            unit++;
        }
        return value.round(THREE_DIGITS).stripTrailingZeros().toPlainString() + " " + UNITS[unit];
    }
}
