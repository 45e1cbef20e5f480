package io.imagestore.fs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SLF4J logger created on first use. Starting SLF4J and its back end costs a fresh JVM about 10 ms,
 * which a short-lived process (the {@code imagestore} command, a builder writing one sidecar) would pay
 * on loading the first store class although most runs never log. Messages and arguments go to SLF4J
 * unchanged, a trailing {@link Throwable} included.
 */
final class LazyLogger {
    private final Class<?> owner;
    private volatile Logger logger;

    LazyLogger(Class<?> owner) {
        this.owner = owner;
    }

    void warn(String format, Object... arguments) {
        logger().warn(format, arguments);
    }

    void info(String format, Object... arguments) {
        logger().info(format, arguments);
    }

    void debug(String format, Object... arguments) {
        Logger made = logger();
        if (made.isDebugEnabled()) {
            made.debug(format, arguments);
        }
    }

    private Logger logger() {
        Logger made = logger;
        if (made == null) {
            made = LoggerFactory.getLogger(owner);
            logger = made;
        }
        return made;
    }
}
