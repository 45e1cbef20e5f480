package io.imagestore.fs;

import java.util.concurrent.ThreadLocalRandom;

/** Random names for temp files, staging and trash entries: 16 lower-case hex digits (64 random bits). */
final class RandomIds {
    private RandomIds() {}

    /** A new random id; callers still create files exclusively, so a repeat fails rather than clobbers. */
    static String next() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
