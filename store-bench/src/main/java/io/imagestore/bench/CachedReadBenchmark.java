package io.imagestore.bench;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 * Figure {@code cached_read}: {@code store.read(reference)} with the change-token cache on and the file
 * unchanged, versus {@link HandWrittenBaseline#stat}, the one {@code stat} a revalidation cannot avoid.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CachedReadBenchmark {
    /** Operations per side per batch of {@link #paired}: a batch stays well under a millisecond. */
    private static final int BATCH = 32;

    private Path workspace;
    private FsLocalImageStore store;
    private ImageReference reference;
    private Path imageDirectory;

    /** Writes the image and reads it once, so every measured read is a cache hit. */
    @Setup(Level.Trial)
    public void writeImage() {
        workspace = Workspace.newDirectory("cached-read-");
        LocalImageMetadata metadata = SampleImages.metadata(0);
        store = FsLocalImageStore.builder(workspace).readCache(true).open();
        store.write(metadata);
        reference = metadata.imageReference();
        store.read(reference);
        imageDirectory = store.imageDirectory(reference);
    }

    /** Closes the store and deletes the image. */
    @TearDown(Level.Trial)
    public void deleteImage() {
        store.close();
        Workspace.delete(workspace);
    }

    /** Ours: one stat to revalidate, then the cached metadata. */
    @Benchmark
    public Optional<LocalImageMetadata> store() {
        return store.read(reference);
    }

    /** Baseline: one {@code Files.readAttributes} of the sidecar. */
    @Benchmark
    public BasicFileAttributes baseline() throws IOException {
        return HandWrittenBaseline.stat(imageDirectory);
    }

    /** Both sides interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
