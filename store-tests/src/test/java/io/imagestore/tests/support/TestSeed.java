package io.imagestore.tests.support;

import java.util.Optional;
import java.util.Random;

/**
 * Replayable randomness: every randomised test takes its seed from here. The seed is printed; run the
 * test again with {@code -Dimagestore.seed=<seed>} to replay exactly that run.
 */
public final class TestSeed {
    /** The system property that fixes the seed. */
    public static final String PROPERTY = "imagestore.seed";

    private TestSeed() {}

    /** The seed for {@code test}: the property's value when set, else a fresh one; printed either way. */
    public static long of(String test) {
        long seed = fixed().orElseGet(() -> new Random().nextLong());
        System.out.println("[seed] " + test + ": replay with -D" + PROPERTY + "=" + seed);
        return seed;
    }

    /** A random source for {@code test}, seeded by {@link #of}. */
    public static Random random(String test) {
        return new Random(of(test));
    }

    private static Optional<Long> fixed() {
        String value = System.getProperty(PROPERTY, "").strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(value));
    }
}
