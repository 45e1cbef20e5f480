package io.imagestore.bench;

import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.ImageLoader;
import io.imagestore.oci.LoadOptions;
import io.imagestore.oci.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Figures {@code load_vs_umoci} and {@code load_vs_tar}: {@code imagestore load} of a Docker archive with
 * three gzip layers holding about 100 MB ({@link ArchiveCorpus}) into a new durable store (every file
 * synced before the commit), against {@code umoci unpack} of the same image from an OCI layout
 * ({@code baseline=umoci}), or against {@code tar -xzf} of the same layer blobs followed by {@code sync}
 * ({@code baseline=tar}). Each operation writes into a new directory; they are deleted after each iteration,
 * outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LoadBenchmark {
    private static final long TOOL_TIMEOUT_SECONDS = 600;

    /** The peer: {@code umoci} or {@code tar}. */
    @Param({"umoci", "tar"})
    public String baseline;

    private Path workspace;
    private ArchiveCorpus corpus;
    private final List<Path> made = new ArrayList<>();
    private int counter;

    /** Writes the corpus once per trial. */
    @Setup(Level.Trial)
    public void makeCorpus() throws IOException {
        workspace = Workspace.newDirectory("load-");
        corpus = ArchiveCorpus.create(workspace.resolve("corpus"));
    }

    /** Deletes what the iteration's operations wrote. */
    @TearDown(Level.Iteration)
    public void deleteOutputs() {
        made.forEach(Workspace::delete);
        made.clear();
    }

    /** Deletes the corpus. */
    @TearDown(Level.Trial)
    public void deleteCorpus() {
        Workspace.delete(workspace);
    }

    private Path next(String prefix) {
        Path directory = workspace.resolve(prefix + counter++);
        made.add(directory);
        return directory;
    }

    /** Ours: load the Docker archive into a new store, durably, keeping the blobs (the defaults). */
    @Benchmark
    public Object store() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(next("store-"))) {
            return ImageLoader.load(store, corpus.dockerArchive, LoadOptions.defaults(), ProgressListener.NONE);
        }
    }

    /** The peer: {@code umoci unpack}, or {@code tar -xzf} of each layer and {@code sync}. */
    @Benchmark
    public Object baseline() throws IOException, InterruptedException {
        Path target = next("peer-");
        if (baseline.equals("umoci")) {
            return run("umoci", "unpack", "--image", corpus.layout + ":" + ArchiveCorpus.TAG, target.toString());
        }
        java.nio.file.Files.createDirectories(target);
        for (Path layer : corpus.layerFiles) {
            run("tar", "-xzf", layer.toString(), "-C", target.toString());
        }
        return run("sync");
    }

    /** Both sides interleaved, one operation each per call: what the figures are computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(1, this::store, this::baseline, sink);
    }

    private static Integer run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", command) + " ran longer than " + TOOL_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue());
        }
        return process.exitValue();
    }
}
