package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Figure {@code list_scaling}: {@code store.list()} over 100,000 images against {@code store.list()} over
 * 10,000, interleaved in one fork like every paired figure ("ours" is the large store, the "baseline" the
 * small one), so that the machine's drift between two separate trials does not enter the ratio. Both
 * corpora ({@link ImageCorpus}) are the ones {@link ListBenchmark} uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ListScalingBenchmark {
    /** Images in the small store. */
    static final int SMALL = 10_000;
    /** Images in the large store. */
    static final int LARGE = 100_000;
    /** Listings per side per batch of {@link #paired}. */
    private static final int BATCH = 1;

    private FsLocalImageStore small;
    private FsLocalImageStore large;

    /** Finds (or makes) both corpora, waits until they have settled, opens both stores and lists each once. */
    @Setup(Level.Trial)
    public void openCorpora() {
        Path smallRoot = ImageCorpus.withImages(SMALL);
        Path largeRoot = ImageCorpus.withImages(LARGE);
        small = FsLocalImageStore.open(smallRoot);
        large = FsLocalImageStore.open(largeRoot);
        Workspace.waitUntilSettledForTheReadCache();
        ImageCorpus.requireListed("store.list()", small.list().size(), SMALL, smallRoot);
        ImageCorpus.requireListed("store.list()", large.list().size(), LARGE, largeRoot);
    }

    /** Closes both stores; the corpora stay for the other benchmarks of the run. */
    @TearDown(Level.Trial)
    public void close() {
        small.close();
        large.close();
    }

    /** The large store's listing. */
    @Benchmark
    public List<LocalImageMetadata> large() {
        return large.list();
    }

    /** The small store's listing. */
    @Benchmark
    public List<LocalImageMetadata> small() {
        return small.list();
    }

    /** Both listings interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::large, this::small, sink);
    }
}
