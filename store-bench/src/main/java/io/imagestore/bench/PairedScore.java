package io.imagestore.bench;

import java.util.List;

/**
 * The result of one {@code paired} benchmark ({@link PairedClock}): each side's mean time per operation over
 * all measured iterations, in nanoseconds, and ours ÷ baseline within each iteration (how much the ratio
 * moved while the machine's load did).
 */
record PairedScore(double oursNanos, double baselineNanos, List<Double> iterationRatios) {
    PairedScore {
        iterationRatios = List.copyOf(iterationRatios);
    }
}
