package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry killed (SIGKILL) in the middle of a layer download: restarted, the download resumes and
 * the pull completes; left dead, the pull fails, the previous image stays whole, and the next pull reuses
 * the blobs fetched before.
 */
class PullInterruptionTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final int BIG = 12 << 20;

    @TempDir
    static Path directory;
    private static TestRegistry registry;
    private static TestImages images;
    private static String bigLayer;

    @TempDir
    Path storeRoot;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = TestRegistry.anonymous(directory.resolve("registry"));
        byte[] noise = new byte[BIG];
        new Random(42).nextBytes(noise);
        images = TestImages.in(directory.resolve("images"))
                .image("big", "linux", "amd64", List.of(Map.of("etc/small", "small first layer".getBytes(StandardCharsets.UTF_8)),
                        Map.of("opt/noise.bin", noise)))
                .image("old", "linux", "amd64", "the previous image");
        bigLayer = images.layers("big").get(1).path("digest").asText().substring(7, 19);
        images.push("big", registry, "lib/big:1", null);
        images.push("old", registry, "lib/app:1", null);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    private ImageReference ref(String repositoryAndTag) {
        return ImageReference.parse(registry.host() + "/" + repositoryAndTag);
    }

    /** A listener that runs {@code action} once, at the big layer's first partial download progress. */
    private static PullListener atFirstProgress(PulledEvents events, ThrowingRunnable action) {
        AtomicBoolean fired = new AtomicBoolean();
        return event -> {
            events.event(event);
            if (event instanceof PullProgressDto.Status status && status.id().equals(java.util.Optional.of(bigLayer))
                    && status.status().equals("Downloading") && status.current().orElse(0) < BIG
                    && !fired.getAndSet(true)) {
                try {
                    action.run();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aDownloadBrokenByARegistryRestartResumes() throws Exception {
        PulledEvents events = new PulledEvents();
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            try {
                new ImagePuller(store, RegistryOptions.builder().maxConcurrentDownloads(1).build())
                        .pull(ref("lib/big:1"), PullPolicy.ALWAYS, AMD64, atFirstProgress(events, () -> {
                            registry.stop();
                            registry.start();
                        }));
            } finally {
                System.setErr(original);
            }
            // The module's tests log at debug level: the download broke off and went on from where it stopped.
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("broke off after")
                    .containsPattern("GET /v2/lib/big/blobs/sha256:[0-9a-f]{64} -> 206");
            Path noise = store.imageDirectory(ref("lib/big:1")).resolve("rootfs/opt/noise.bin");
            assertThat(Files.size(noise)).isEqualTo(BIG);
            assertThat(Files.readAllBytes(noise)).isEqualTo(Files.readAllBytes(directory.resolve("images/scratch/bundle-big/rootfs/opt/noise.bin")));
        }
        List<Long> downloaded = new ArrayList<>();
        for (PullProgressDto event : events.all()) {
            if (event instanceof PullProgressDto.Status status && status.id().equals(java.util.Optional.of(bigLayer))
                    && status.status().equals("Downloading")) {
                downloaded.add(status.current().orElseThrow());
            }
        }
        assertThat(downloaded).isSorted().hasSizeGreaterThan(2);
        events.checkWireFormAndDone();
    }

    @Test
    void aPullThatCannotFinishLeavesThePreviousImageAndItsBlobsServeTheNextPull() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            ImageReference app = ref("lib/app:1");
            new ImagePuller(store, RegistryOptions.defaults()).pull(app, PullPolicy.ALWAYS, AMD64, PullListener.NONE);
            Map<String, String> before = PulledEvents.tree(store.imageDirectory(app).resolve("rootfs"));
            images.push("big", registry, "lib/app:1", null);

            RegistryOptions impatient = RegistryOptions.builder().maxConcurrentDownloads(1)
                    .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1)))
                    .build();
            try {
                assertThatThrownBy(() -> new ImagePuller(store, impatient).pull(app, PullPolicy.ALWAYS, AMD64,
                        atFirstProgress(new PulledEvents(), registry::stop)))
                        .isInstanceOf(RegistryException.class).hasMessageContaining(registry.host());
                assertThat(PulledEvents.tree(store.imageDirectory(app).resolve("rootfs"))).isEqualTo(before);
                assertThat(store.read(app).orElseThrow().digest()).contains(images.digest("old"));
                try (Stream<Path> staging = Files.list(storeRoot.resolve(".imagestore/staging"))) {
                    assertThat(staging).isEmpty();
                }
            } finally {
                registry.start();
            }

            PulledEvents events = new PulledEvents();
            new ImagePuller(store, RegistryOptions.defaults()).pull(app, PullPolicy.ALWAYS, AMD64, events);
            String smallLayer = images.layers("big").get(0).path("digest").asText().substring(7, 19);
            assertThat(events.of(smallLayer)).startsWith("Already exists");
            assertThat(events.checkWireFormAndDone().digest()).contains(images.digest("big"));
            assertThat(Files.size(store.imageDirectory(app).resolve("rootfs/opt/noise.bin"))).isEqualTo(BIG);
        }
    }
}
