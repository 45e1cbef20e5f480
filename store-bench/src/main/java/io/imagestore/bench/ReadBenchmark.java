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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Figure {@code read}: {@code store.read(reference)} with the read cache off, versus
 * {@link HandWrittenBaseline#read} ({@code Files.readAllBytes} and the codec) of the very same sidecar.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReadBenchmark {
    /** Operations per side per batch of {@link #paired}: a batch stays well under a millisecond. */
    private static final int BATCH = 8;

    private Path workspace;
    private FsLocalImageStore store;
    private ImageReference reference;
    private Path imageDirectory;

    /** Writes the one image both sides read. */
    @Setup(Level.Trial)
    public void writeImage() {
        workspace = Workspace.newDirectory("read-");
        LocalImageMetadata metadata = SampleImages.metadata(0);
        store = FsLocalImageStore.builder(workspace).readCache(false).open();
        store.write(metadata);
        reference = metadata.imageReference();
        imageDirectory = store.imageDirectory(reference);
    }

    /** Closes the store and deletes the image. */
    @TearDown(Level.Trial)
    public void deleteImage() {
        store.close();
        Workspace.delete(workspace);
    }

    /** Ours: a lock-free read that checks the file and the stored reference. */
    @Benchmark
    public Optional<LocalImageMetadata> store() {
        return store.read(reference);
    }

    /** Baseline: read the bytes, decode them. */
    @Benchmark
    public LocalImageMetadata baseline() throws IOException {
        return HandWrittenBaseline.read(imageDirectory);
    }

    /** Both sides interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
