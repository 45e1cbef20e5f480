package io.imagestore.fs;

import java.util.concurrent.ThreadLocalRandom;

/** Random names for temp files, staging and trash entries: 16 lower-case hex digits (64 random bits). */
final class RandomIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RandomIds() {}

    /** A new random id; callers still create files exclusively, so a repeat fails rather than clobbers. */
    static String next() {
        return of(ThreadLocalRandom.current().nextLong());
    }

    /**
     * {@code bits} as 16 lower-case hex digits, most significant first (what {@code "%016x"} prints,
     * without {@link java.util.Formatter}'s parsing on every write).
     */
    static String of(long bits) {
        char[] digits = new char[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(digits);
    }
}
