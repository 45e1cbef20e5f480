package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.imagestore.api.LockTimeoutException;
import io.imagestore.fs.LockRegistry.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLocksTest {
    @TempDir
    Path directory;

    @Test
    void stripesAreFixedByTheProtocol() {
        assertThat(ImageLocks.stripe("")).isEqualTo(453);
        assertThat(ImageLocks.stripe("dir:docker.io+library+alpine=latest")).isEqualTo(462);
        assertThat(ImageLocks.stripe("ref:docker.io/library/alpine:latest")).isEqualTo(277);
        assertThat(new ImageLocks(directory, Duration.ZERO, new LockRegistry()).lockFile(7))
                .isEqualTo(directory.resolve("stripe-0007.lock"));
    }

    @Test
    void everyStripesLockFileIsNamedByTheProtocolAndMadeOnce() {
        ImageLocks locks = new ImageLocks(directory, Duration.ZERO, new LockRegistry());
        for (int stripe = 0; stripe < ImageLocks.STRIPES; stripe++) {
            Path file = locks.lockFile(stripe);
            assertThat(file).isEqualTo(directory.resolve(String.format("stripe-%04d.lock", stripe)));
            assertThat(locks.lockFile(stripe)).isSameAs(file);
        }
    }

    @Test
    void stripesStayInRange() {
        qt().withExamples(1000).forAll(strings().allPossible().ofLengthBetween(0, 100))
                .check(key -> ImageLocks.stripe(key) >= 0 && ImageLocks.stripe(key) < ImageLocks.STRIPES);
    }

    @Test
    void aPlanTakesEachStripeOnceInAscendingOrderWithTheStrongestMode() {
        ImageLocks.Plan plan = ImageLocks.plan("x")
                .add(List.of("a", "b", "c", "a"), Mode.SHARED)
                .add(List.of("b"), Mode.EXCLUSIVE);

        assertThat(plan.stripes()).isSorted().doesNotHaveDuplicates()
                .hasSize((int) List.of("a", "b", "c").stream().map(ImageLocks::stripe).distinct().count());
    }

    @Test
    void aTimeoutNamesWhatWasLockedAndReleasesWhatWasTaken() throws Exception {
        LockRegistry registry = new LockRegistry();
        ImageLocks locks = new ImageLocks(directory, Duration.ofMillis(50), registry);
        ImageLocks.Plan first = ImageLocks.plan("docker.io/library/a:latest").add(List.of("a"), Mode.EXCLUSIVE);
        ImageLocks.Plan both = ImageLocks.plan("a and b").add(List.of("a", "b"), Mode.EXCLUSIVE);

        try (ImageLocks.Held held = locks.acquire(first)) {
            Throwable failure = CompletableFuture.supplyAsync(() -> {
                try (ImageLocks.Held ignored = locks.acquire(both)) {
                    return null;
                } catch (LockTimeoutException e) {
                    return e;
                }
            }).get();

            assertThat(failure).isInstanceOf(LockTimeoutException.class).hasMessageContaining("a and b");
            assertThat(registry.isHeld(locks.lockFile(ImageLocks.stripe("b")))).isFalse();
        }
    }

    @Test
    void tryAcquireFailsAtOnceWhenAStripeIsHeld() throws Exception {
        LockRegistry registry = new LockRegistry();
        ImageLocks locks = new ImageLocks(directory, Duration.ofSeconds(30), registry);
        ImageLocks.Plan plan = ImageLocks.plan("a").add(List.of("a"), Mode.EXCLUSIVE);
        try (ImageLocks.Held held = locks.acquire(plan)) {
            assertThat(CompletableFuture.supplyAsync(() -> locks.tryAcquire(plan).map(h -> {
                h.close();
                return true;
            })).get()).isEmpty();
        }
    }

    @Test
    void anEnormousTimeoutStillLocks() {
        ImageLocks locks = new ImageLocks(directory, Duration.ofSeconds(Long.MAX_VALUE), new LockRegistry());
        ImageLocks.Plan plan = ImageLocks.plan("a").add(List.of("a"), Mode.EXCLUSIVE);

        try (ImageLocks.Held held = locks.acquire(plan)) {
            assertThat(plan.stripes()).hasSize(1);
        }
    }
}
