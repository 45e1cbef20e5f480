package io.imagestore.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a request is repeated after a connection error or a {@code 429} /
 * {@code 5xx} answer: at most {@link #maxAttempts()} attempts, waiting {@link #initialDelay()} before
 * the second and twice as long before each next one, never longer than {@link #maxDelay()}. A
 * {@code Retry-After} header the registry sends wins over the computed delay, capped at
 * {@link #maxRetryAfter()} so that a hostile registry cannot stall a pull for days.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(60));

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;

    private RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a retry policy needs at least one attempt, not " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= initial (" + initialDelay
                    + ") <= max (" + maxDelay + ") and a Retry-After cap >= 0 (" + maxRetryAfter + ")");
        }
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** Six attempts, 250 ms then doubling up to 8 s; a {@code Retry-After} of at most 60 s is honoured. */
    public static RetryPolicy defaults() {
        return DEFAULT;
    }

    /** A policy of {@code maxAttempts} attempts with exponential delays from {@code initialDelay} to {@code maxDelay}. */
    public static RetryPolicy of(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
        return new RetryPolicy(maxAttempts, Objects.requireNonNull(initialDelay, "initialDelay"),
                Objects.requireNonNull(maxDelay, "maxDelay"), Objects.requireNonNull(maxRetryAfter, "maxRetryAfter"));
    }

    /** The number of attempts, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the second attempt. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The longest computed wait between two attempts. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The longest {@code Retry-After} honoured; longer ones are cut to this. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first): initial × 2^(attempt-1), capped. */
    Duration delayAfter(int attempt) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** {@code requested} cut to {@link #maxRetryAfter()}. */
    Duration capRetryAfter(Duration requested) {
        if (requested.isNegative()) {
            return Duration.ZERO;
        }
        return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
    }

    @Override
    public String toString() {
        return "RetryPolicy[" + maxAttempts + " attempts, " + initialDelay + " doubling to " + maxDelay
                + ", Retry-After up to " + maxRetryAfter + "]";
    }
}
