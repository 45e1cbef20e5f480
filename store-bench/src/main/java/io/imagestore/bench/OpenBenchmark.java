package io.imagestore.bench;

import io.imagestore.fs.FsLocalImageStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Figures {@code open_1k}, {@code open_20k} and {@code open_100k}: {@code FsLocalImageStore.open} (and
 * {@code close}) of a store of {@code count} images ({@link ImageCorpus}, shared with the list benchmarks)
 * versus the same on a store with no image, interleaved in one fork. A builder or a router opens the store
 * at start-up, so opening must cost the same at any size: it recovers bookkeeping only and never visits the
 * image directories.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OpenBenchmark {
    /** Opens per side per batch of {@link #paired}: an open takes tens of microseconds. */
    private static final int BATCH = 8;

    /** How many images the opened store holds. */
    @Param({"1000", "20000", "100000"})
    public int count;

    private Path root;
    private Path empty;

    /** Finds (or makes) the corpus and an empty store beside it. */
    @Setup(Level.Trial)
    public void findStores() {
        root = ImageCorpus.withImages(count);
        empty = Workspace.newDirectory("open-empty");
        FsLocalImageStore.open(empty).close();
    }

    /** Ours: open and close the store of {@code count} images. */
    @Benchmark
    public FsLocalImageStore store() {
        FsLocalImageStore store = FsLocalImageStore.open(root);
        store.close();
        return store;
    }

    /** Baseline: open and close a store without images. */
    @Benchmark
    public FsLocalImageStore baseline() {
        FsLocalImageStore store = FsLocalImageStore.open(empty);
        store.close();
        return store;
    }

    /** Both sides interleaved in this fork, batch by batch: what the figures are computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
