package io.imagestore.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Times ours and the baseline interleaved, in the same fork: each call of {@link #time} runs a batch of one
 * side and then a batch of the other, swapping which goes first on every call, and adds each side's
 * nanoseconds and operations to JMH counters ({@code oursNanos}, {@code oursOps}, {@code baselineNanos},
 * {@code baselineOps}, summed over the measured iterations). A figure is then
 * {@code (oursNanos / oursOps) ÷ (baselineNanos / baselineOps)}.
 *
 * <p>Why not two separate JMH benchmarks: on a small shared machine, the load from other processes drifts
 * by more than the differences we measure within the minute between two forks. Interleaving in batches of
 * well under a millisecond (for fast operations) puts that drift on both sides alike, and both sides run
 * in one JVM with one JIT profile. The separate {@code store} and {@code baseline} benchmarks remain for
 * profiling one side alone.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedClock {
    /** Nanoseconds spent in ours during the measured iterations. */
    public long oursNanos;
    /** Operations of ours during the measured iterations. */
    public long oursOps;
    /** Nanoseconds spent in the baseline during the measured iterations. */
    public long baselineNanos;
    /** Operations of the baseline during the measured iterations. */
    public long baselineOps;

    private boolean oursFirst = true;

    /** Zeroes the counters, as JMH expects of event counters at the start of each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
        oursNanos = 0;
        oursOps = 0;
        baselineNanos = 0;
        baselineOps = 0;
    }

    /** One side of a figure: one operation, its result handed to a {@link Blackhole}. */
    @FunctionalInterface
    interface Side {
        Object run() throws Exception;
    }

    /** Runs {@code batch} operations of each side, the first side alternating between calls. */
    void time(int batch, Side ours, Side baseline, Blackhole sink) throws Exception {
        if (oursFirst) {
            oursNanos += batch(batch, ours, sink);
            baselineNanos += batch(batch, baseline, sink);
        } else {
            baselineNanos += batch(batch, baseline, sink);
            oursNanos += batch(batch, ours, sink);
        }
        oursOps += batch;
        baselineOps += batch;
        oursFirst = !oursFirst;
    }

    private static long batch(int batch, Side side, Blackhole sink) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            sink.consume(side.run());
        }
        return System.nanoTime() - start;
    }
}
