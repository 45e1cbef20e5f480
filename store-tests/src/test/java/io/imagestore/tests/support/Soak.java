package io.imagestore.tests.support;

import java.time.Duration;

/**
 * Whether the long soak variants run: {@code -Dimagestore.soak=true} (see store-tests/README.md). The
 * default suite uses the short values, so it stays within its time budget on two cores.
 */
public final class Soak {
    /** The system property that turns soaking on. */
    public static final String PROPERTY = "imagestore.soak";

    private Soak() {}

    /** Whether soaking was asked for. */
    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "false").strip());
    }

    /** {@code normal}, or {@code soak} when soaking. */
    public static int pick(int normal, int soak) {
        return enabled() ? soak : normal;
    }

    /** {@code normal}, or {@code soak} when soaking. */
    public static Duration pick(Duration normal, Duration soak) {
        return enabled() ? soak : normal;
    }
}
