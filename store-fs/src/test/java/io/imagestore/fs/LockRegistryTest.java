package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageStoreException;
import io.imagestore.fs.FaultyFileSystem.Op;
import io.imagestore.fs.LockRegistry.Lease;
import io.imagestore.fs.LockRegistry.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockRegistryTest {
    @TempDir
    Path directory;

    private final LockRegistry registry = new LockRegistry();

    private static long now() {
        return System.nanoTime();
    }

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static <T> T inAnotherThread(Supplier<T> action) throws InterruptedException, ExecutionException {
        return CompletableFuture.supplyAsync(action).get();
    }

    @Test
    void anExclusiveLeaseKeepsOtherThreadsOutUntilClosed() throws Exception {
        Path file = directory.resolve("a.lock");
        Lease lease = registry.acquire(file, Mode.EXCLUSIVE, now()).orElseThrow();

        assertThat(inAnotherThread(() -> registry.acquire(file, Mode.EXCLUSIVE, in(50)).map(this::release)))
                .isEmpty();
        assertThat(inAnotherThread(() -> registry.acquire(file, Mode.SHARED, now()).map(this::release))).isEmpty();
        assertThat(registry.isHeld(file)).isTrue();

        lease.close();

        assertThat(registry.isHeld(file)).isFalse();
        assertThat(inAnotherThread(() -> registry.acquire(file, Mode.EXCLUSIVE, now()).map(this::release)))
                .contains(true);
        assertThat(file).exists().isEmptyFile();
    }

    private boolean release(Lease lease) {
        lease.close();
        return true;
    }

    @Test
    void sharedLeasesCoexistAndExcludeAnExclusiveOne() throws Exception {
        Path file = directory.resolve("s.lock");
        try (Lease first = registry.acquire(file, Mode.SHARED, now()).orElseThrow()) {
            assertThat(inAnotherThread(() -> registry.acquire(file, Mode.SHARED, now()).map(this::release)))
                    .contains(true);
            assertThat(inAnotherThread(() -> registry.acquire(file, Mode.EXCLUSIVE, now()).map(this::release)))
                    .isEmpty();
        }
    }

    @Test
    void leasesAreReentrantAndTheOsLockStaysUntilTheLastHoldIsReleased() throws Exception {
        Path file = directory.resolve("r.lock");
        Lease outer = registry.acquire(file, Mode.EXCLUSIVE, now()).orElseThrow();
        Lease inner = registry.acquire(file, Mode.EXCLUSIVE, now()).orElseThrow();
        Lease downgraded = registry.acquire(file, Mode.SHARED, now()).orElseThrow();

        downgraded.close();
        inner.close();
        inner.close();
        assertThat(registry.isHeld(file)).isTrue();
        assertThat(inAnotherThread(() -> registry.acquire(file, Mode.EXCLUSIVE, now()).map(this::release))).isEmpty();

        outer.close();
        assertThat(registry.isHeld(file)).isFalse();
    }

    @Test
    void aWaitingThreadGetsTheLeaseWhenItIsReleased() throws Exception {
        Path file = directory.resolve("w.lock");
        Lease lease = registry.acquire(file, Mode.EXCLUSIVE, now()).orElseThrow();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return registry.acquire(file, Mode.EXCLUSIVE, in(30_000)).map(this::release).orElse(false);
        });
        waiting.await();

        lease.close();

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingOsLockReleasesTheInJvmLockAgain() throws Exception {
        FaultyFileSystem faulty = new FaultyFileSystem();
        Path file = faulty.wrap(directory.resolve("f.lock"));
        IOException failure = new IOException("No locks available");
        faulty.failOn(Op.LOCK, path -> true, failure);

        assertThatThrownBy(() -> registry.acquire(file, Mode.EXCLUSIVE, now()))
                .isInstanceOf(ImageStoreException.class)
                .hasCause(failure);
        faulty.heal();

        assertThat(registry.isHeld(file)).isFalse();
        assertThat(inAnotherThread(() -> registry.acquire(file, Mode.EXCLUSIVE, now()).map(this::release)))
                .contains(true);
    }

    @Test
    void aSymlinkedLockFileIsRefused() throws IOException {
        Path target = Files.createFile(directory.resolve("target"));
        Path link = Files.createSymbolicLink(directory.resolve("link.lock"), target);

        assertThatThrownBy(() -> registry.acquire(link, Mode.EXCLUSIVE, now()))
                .isInstanceOf(ImageStoreException.class)
                .hasMessageContaining(link.toString());
    }

    @Test
    void claimsAreExclusiveNonBlockingAndReleasableFromAnyThread() throws Exception {
        Path file = directory.resolve("c.lock");
        Lease claim = registry.tryClaim(file).orElseThrow();

        assertThat(registry.tryClaim(file)).isEmpty();
        assertThat(registry.acquire(file, Mode.EXCLUSIVE, now())).isEmpty();
        inAnotherThread(() -> {
            claim.close();
            return true;
        });

        Optional<Lease> again = registry.tryClaim(file);
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void closeIdleLeavesHeldFilesAlone() throws Exception {
        Path held = directory.resolve("held.lock");
        Path idle = directory.resolve("idle.lock");
        registry.acquire(idle, Mode.EXCLUSIVE, now()).orElseThrow().close();
        try (Lease lease = registry.acquire(held, Mode.EXCLUSIVE, now()).orElseThrow()) {
            registry.closeIdle(directory);

            assertThat(registry.isHeld(held)).isTrue();
            assertThat(inAnotherThread(() -> registry.acquire(held, Mode.EXCLUSIVE, now()).map(this::release)))
                    .isEmpty();
        }
        assertThat(inAnotherThread(() -> registry.acquire(idle, Mode.EXCLUSIVE, now()).map(this::release)))
                .contains(true);
    }

    @Test
    void closingALeaseFromAnotherThreadIsRefusedAndLeavesItHeldByItsOwner() throws Exception {
        Path file = directory.resolve("owned.lock");
        Lease lease = registry.acquire(file, Mode.EXCLUSIVE, now()).orElseThrow();

        assertThatThrownBy(() -> inAnotherThread(() -> release(lease)))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(registry.isHeld(file)).isTrue();

        lease.close();
        assertThat(registry.isHeld(file)).isFalse();
        assertThat(inAnotherThread(() -> registry.acquire(file, Mode.EXCLUSIVE, now()).map(this::release)))
                .contains(true);
    }
}
