package io.imagestore.bench;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
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
 * Figures {@code read} and {@code cached_read}: {@code store.read(reference)} of one unchanged image. With
 * {@code cache=false} the store's read cache is off and the baseline is {@link HandWrittenBaseline#read}
 * ({@code Files.readAllBytes} and the codec); with {@code cache=true} every read is a change-token hit and
 * the baseline is {@link HandWrittenBaseline#stat}, the one {@code stat} a revalidation cannot avoid.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReadBenchmark {
    /** Operations per side per batch of {@link #paired}: a batch stays well under a millisecond. */
    private static final int BATCH = 16;

    /** Whether the store's change-token cache is on: {@code false} for {@code read}, {@code true} for {@code cached_read}. */
    @Param({"false", "true"})
    public boolean cache;

    private Path workspace;
    private FsLocalImageStore store;
    private ImageReference reference;
    private Path imageDirectory;

    /**
     * Writes the one image both sides read, waits until it has settled (the store trusts change tokens
     * only of files unchanged for two seconds: with the cache on, every measured read is then a hit; with
     * it off, the image directory's token stands in for the sidecar's {@code lstat}, as it does for any
     * image a router reads after its build) and reads it once.
     */
    @Setup(Level.Trial)
    public void writeImage() {
        workspace = Workspace.newDirectory("read-");
        LocalImageMetadata metadata = SampleImages.metadata(0);
        store = FsLocalImageStore.builder(workspace).readCache(cache).open();
        store.write(metadata);
        reference = metadata.imageReference();
        Workspace.waitUntilSettledForTheReadCache();
        store.read(reference);
        imageDirectory = store.imageDirectory(reference);
    }

    /** Closes the store and deletes the image. */
    @TearDown(Level.Trial)
    public void deleteImage() {
        store.close();
        Workspace.delete(workspace);
    }

    /** Ours: a lock-free read that checks the file and the stored reference (revalidated by a stat when cached). */
    @Benchmark
    public Optional<LocalImageMetadata> store() {
        return store.read(reference);
    }

    /** Baseline: read and decode the bytes, or, against the cache, one {@code Files.readAttributes}. */
    @Benchmark
    public Object baseline() throws IOException {
        return cache ? HandWrittenBaseline.stat(imageDirectory) : HandWrittenBaseline.read(imageDirectory);
    }

    /** Both sides interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
