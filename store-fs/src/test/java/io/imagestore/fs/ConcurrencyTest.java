package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Threads of one process sharing a store: readers never see a torn or foreign sidecar, no write is lost. */
class ConcurrencyTest {
    private static final ImageReference SHARED = ImageReference.parse("shared:1");
    private static final int WRITERS = 3;
    private static final int READERS = 2;
    private static final int ROUNDS = 150;

    @TempDir
    Path root;

    private static LocalImageMetadata meta(int writer, int round) {
        return LocalImageMetadata.of("shared:1", "linux", "arm64").withSize(writer * 1_000_000L + round)
                .withCreated("2024-01-01T00:00:00Z");
    }

    @Test
    void concurrentWritersAndReadersOfOneImage() throws Exception {
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        CyclicBarrier start = new CyclicBarrier(WRITERS + READERS);
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).durability(Durability.NONE).open()) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        store.write(meta(writer, round));
                    }
                    return null;
                }));
            }
            for (int r = 0; r < READERS; r++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS * 2; round++) {
                        Optional<LocalImageMetadata> seen = store.read(SHARED);
                        seen.filter(m -> !m.reference().equals("shared:1") || m.size().isEmpty())
                                .ifPresent(m -> problems.add("foreign or torn: " + m));
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            long last = store.read(SHARED).orElseThrow().size().getAsLong();
            assertThat(last % 1_000_000L).isEqualTo(ROUNDS - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void concurrentTagsAndRemovesKeepEveryImageWhole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).durability(Durability.NONE).open()) {
            store.write(meta(0, 0));
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ImageReference target = ImageReference.parse("copy:" + t);
                tasks.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        store.tag(SHARED, target);
                        store.remove(target, false);
                    }
                    store.tag(SHARED, target);
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            assertThat(store.list()).hasSize(5);
            assertThat(store.fsck(false).clean()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
