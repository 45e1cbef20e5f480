package io.imagestore.bench;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.dispatch.DispatchRouter;
import io.imagestore.api.dispatch.RouteDecision;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
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
 * Figure {@code route}: {@code router.route(reference)} for a Darwin image that has a sidecar and a
 * {@code rootfs/}, on a macOS-style router ({@code mac-sandbox} darwin/arm64, {@code linux-vm} linux/arm64),
 * versus the cached sidecar read it should cost no more than: {@code store.read(reference)} on the same
 * store with its change-token cache on and the file unchanged.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouteBenchmark {
    /** Operations per side per batch of {@link #paired}: a batch stays well under a millisecond. */
    private static final int BATCH = 32;

    private Path workspace;
    private FsLocalImageStore store;
    private DispatchRouter router;
    private ImageReference reference;

    /**
     * Writes the image (sidecar and an empty rootfs), waits until the store may cache its sidecar, and
     * routes it once, so both sides start warm and every measured read is a cache hit.
     */
    @Setup(Level.Trial)
    public void writeImage() throws IOException {
        workspace = Workspace.newDirectory("route-");
        LocalImageMetadata metadata = SampleImages.metadata(0);
        store = FsLocalImageStore.builder(workspace).readCache(true).open();
        reference = metadata.imageReference();
        Files.createDirectories(store.imageDirectory(reference).resolve("rootfs"));
        store.write(metadata);
        Workspace.waitUntilSettledForTheReadCache();
        router = DispatchRouter.builder(store)
                .runtime("mac-sandbox", Platform.parse("darwin/arm64"))
                .runtime("linux-vm", Platform.parse("linux/arm64"))
                .build();
        String runtime = router.route(reference).runtime();
        if (!runtime.equals("mac-sandbox")) {
            throw new IllegalStateException("a darwin/arm64 image was routed to " + runtime + ", not mac-sandbox");
        }
    }

    /** Closes the store and deletes the image. */
    @TearDown(Level.Trial)
    public void deleteImage() {
        store.close();
        Workspace.delete(workspace);
    }

    /** Ours: resolve the platform (from the sidecar) and choose the runtime. */
    @Benchmark
    public RouteDecision store() {
        return router.route(reference);
    }

    /** Baseline: a cached sidecar read of the same image. */
    @Benchmark
    public Optional<LocalImageMetadata> baseline() {
        return store.read(reference);
    }

    /** Both sides interleaved in this fork, batch by batch: what the figure is computed from. */
    @Benchmark
    public void paired(PairedClock clock, Blackhole sink) throws Exception {
        clock.time(BATCH, this::store, this::baseline, sink);
    }
}
