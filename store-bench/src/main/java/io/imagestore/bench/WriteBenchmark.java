package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.Durability;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Figures {@code write} ({@link Durability#FSYNC}) and {@code write_nodurable} ({@link Durability#NONE}):
 * {@code store.write(metadata)} over an existing image versus {@link HandWrittenBaseline#write} into a
 * directory of its own on the same file system, each write with a new size so every one changes the file.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WriteBenchmark {
    /** Operations per side per batch of {@link #paired}: one when an operation takes milliseconds. */
    private static final int BATCH = 1;

    /** Whether both sides fsync: {@code FSYNC} for {@code write}, {@code NONE} for {@code write_nodurable}. */
    @Param({"FSYNC", "NONE"})
    public Durability durability;

    private Path workspace;
    private FsLocalImageStore store;
    private Path baselineImage;
    private LocalImageMetadata metadata;
    private long size;

    /** Makes the image both sides overwrite, so no write pays for creating a directory. */
    @Setup(Level.Trial)
    public void createImage() throws IOException {
        workspace = Workspace.newDirectory("write-");
        metadata = SampleImages.metadata(0);
        store = FsLocalImageStore.builder(workspace.resolve("store")).durability(durability).open();
        store.write(metadata);
        baselineImage = Files.createDirectories(workspace.resolve("baseline").resolve("image"));
        HandWrittenBaseline.write(baselineImage, metadata, true);
    }

    /** Closes the store and deletes everything the trial wrote. */
    @TearDown(Level.Trial)
    public void deleteImage() {
        store.close();
        Workspace.delete(workspace);
    }

    /** Ours: the store's write, with its lock, checks and (when durable) fsyncs. */
    @Benchmark
    public LocalImageMetadata store() {
        return store.write(metadata.withSize(++size));
    }

    /** Baseline: temp file, force, atomic move, directory fsync (no fsyncs when not durable). */
    @Benchmark
    public LocalImageMetadata baseline() throws IOException {
        LocalImageMetadata next = metadata.withSize(++size);
        HandWrittenBaseline.write(baselineImage, next, durability == Durability.FSYNC);
        return next;
    }

    /** Both sides interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
