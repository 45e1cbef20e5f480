package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Figures {@code list_10k} and {@code list_scaling}: {@code store.list()} over a store of {@code count}
 * images versus {@link HandWrittenBaseline#list} over the same root. The corpus ({@link ImageCorpus}) is
 * made once per run and shared by both sides; {@code list_scaling} is ours at 100,000 ÷ ours at 10,000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ListBenchmark {
    /** Operations per side per batch of {@link #paired}: one when an operation takes milliseconds. */
    private static final int BATCH = 1;

    /** How many images the store holds. */
    @Param({"10000", "100000"})
    public int count;

    private Path root;
    private FsLocalImageStore store;

    /**
     * Finds (or makes) the corpus, waits until it has settled (the store trusts an image directory's token,
     * which spares it the sidecar's {@code stat}, only once the directory has been unchanged for 2 s, as
     * for the images of any store listed some time after their builds), opens a store on it and checks
     * that both sides see every image.
     */
    @Setup(Level.Trial)
    public void openCorpus() throws IOException {
        root = ImageCorpus.withImages(count);
        Workspace.waitUntilSettledForTheReadCache();
        store = FsLocalImageStore.open(root);
        ImageCorpus.requireListed("store.list()", store.list().size(), count, root);
        ImageCorpus.requireListed("the baseline", HandWrittenBaseline.list(root).size(), count, root);
    }

    /** Closes the store; the corpus stays for the other forks of the run. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** Ours: every complete image, sorted by reference, corrupt ones skipped. */
    @Benchmark
    public List<LocalImageMetadata> store() {
        return store.list();
    }

    /** Baseline: list the root, read and decode each sidecar. */
    @Benchmark
    public List<LocalImageMetadata> baseline() throws IOException {
        return HandWrittenBaseline.list(root);
    }

    /** Both sides interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
