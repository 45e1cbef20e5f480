package io.imagestore.bench;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measured figure: what ours and the baseline are, their times per operation in nanoseconds (empty when
 * not measured), and the target for ours ÷ baseline ({@code NaN} when the figure is only reported).
 */
record Figure(String name, String ours, String baseline, OptionalDouble oursNanos, OptionalDouble baselineNanos,
        double target, Optional<String> skipped) {

    /** A figure with both times measured, or skipped with a reason naming the missing side. */
    static Figure measured(String name, String ours, String baseline, OptionalDouble oursNanos,
            OptionalDouble baselineNanos, double target) {
        Optional<String> skipped = oursNanos.isPresent() && baselineNanos.isPresent() ? Optional.empty()
                : Optional.of("no result for " + (oursNanos.isEmpty() ? ours : baseline) + " in this run");
        return new Figure(name, ours, baseline, oursNanos, baselineNanos, target, skipped);
    }

    /** A figure not measured in this run, and why. */
    static Figure skipped(String name, String ours, String baseline, double target, String reason) {
        return new Figure(name, ours, baseline, OptionalDouble.empty(), OptionalDouble.empty(), target,
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
