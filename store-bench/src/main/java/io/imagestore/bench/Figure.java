package io.imagestore.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One figure: what ours and the baseline are, their times per operation in nanoseconds (empty when not
 * measured), ours ÷ baseline within each measured iteration (empty for driver figures), and the target for
 * ours ÷ baseline ({@code NaN} when the figure is only reported).
 */
record Figure(String name, String ours, String baseline, OptionalDouble oursNanos, OptionalDouble baselineNanos,
        List<Double> iterationRatios, double target, Optional<String> skipped) {

    Figure {
        iterationRatios = List.copyOf(iterationRatios);
    }

    /** A figure whose two times were measured. */
    static Figure measured(String name, String ours, String baseline, double oursNanos, double baselineNanos,
            List<Double> iterationRatios, double target) {
        return new Figure(name, ours, baseline, OptionalDouble.of(oursNanos), OptionalDouble.of(baselineNanos),
                iterationRatios, target, Optional.empty());
    }

    /** A figure not measured in this run, and why. */
    static Figure skipped(String name, String ours, String baseline, double target, String reason) {
        return new Figure(name, ours, baseline, OptionalDouble.empty(), OptionalDouble.empty(), List.of(), target,
                Optional.of(reason));
    }

    /** Ours ÷ baseline, when both were measured. */
    OptionalDouble ratio() {
        return skipped.isPresent() ? OptionalDouble.empty()
                : OptionalDouble.of(oursNanos.getAsDouble() / baselineNanos.getAsDouble());
    }

    /** {@code met}, {@code MISSED}, {@code reported} (no target) or {@code skipped}. */
    String verdict() {
        if (ratio().isEmpty()) {
            return "skipped";
        }
        if (Double.isNaN(target)) {
            return "reported";
        }
        return ratio().getAsDouble() <= target ? "met" : "MISSED";
    }
}
