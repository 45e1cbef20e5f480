package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.api.PruneOptions;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks across real processes: spawned JVMs that talk to the test through their stdin and stdout. */
class MultiProcessLockTest {
    private static final String REFERENCE = "docker.io/library/locked:1";
    private static final ImageReference LOCKED = ImageReference.parse(REFERENCE);

    @TempDir
    Path root;

    @Test
    void aLockHeldByAnotherProcessMakesThisOneTimeOut() throws Exception {
        try (ChildJvm child = ChildJvm.start("hold", root, REFERENCE);
                FsLocalImageStore store = FsLocalImageStore.builder(root).lockTimeout(Duration.ofMillis(200)).open()) {
            assertThat(child.expect()).isEqualTo("LOCKED");

            assertThatThrownBy(() -> store.write(LocalImageMetadata.of(REFERENCE, "linux", "arm64")))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining(REFERENCE)
                    .hasMessageContaining("200 ms");
            assertThat(store.read(LOCKED)).isEmpty();

            child.send("release");
            assertThat(child.expect()).isEqualTo("RELEASED");
            store.write(LocalImageMetadata.of(REFERENCE, "linux", "arm64"));
            assertThat(store.read(LOCKED)).isPresent();
        }
    }

    @Test
    void aKilledHolderReleasesItsLock() throws Exception {
        try (ChildJvm child = ChildJvm.start("hold", root, REFERENCE);
                FsLocalImageStore store = FsLocalImageStore.builder(root).lockTimeout(Duration.ofSeconds(30)).open()) {
            assertThat(child.expect()).isEqualTo("LOCKED");
            try (ChildJvm probe = ChildJvm.start("probe", root, REFERENCE)) {
                assertThat(probe.expect()).isEqualTo("BUSY");
            }

            child.kill();

            try (ImageLock lock = store.lock(LOCKED)) {
                assertThat(lock.reference()).isEqualTo(LOCKED);
            }
        }
    }

    @Test
    void twoProcessesNeverHoldTheSameImageLockAtOnce() throws Exception {
        int rounds = 150;
        FsLocalImageStore.open(root).close();
        try (ChildJvm first = ChildJvm.start("contend", root, REFERENCE, Integer.toString(rounds));
                ChildJvm second = ChildJvm.start("contend", root, REFERENCE, Integer.toString(rounds))) {
            assertThat(first.expect()).isEqualTo("READY");
            assertThat(second.expect()).isEqualTo("READY");
            first.send("go");
            second.send("go");

            assertThat(first.expect()).isEqualTo("DONE 0");
            assertThat(second.expect()).isEqualTo("DONE 0");
            assertThat(first.waitFor()).isZero();
            assertThat(second.waitFor()).isZero();
        }
        assertThat(Files.readString(root.resolve("counter"))).isEqualTo(Integer.toString(2 * rounds));
    }

    /**
     * Threads of one JVM hand the lock to each other within microseconds, and another process only sees
     * it free when its poll comes round. Two threads here keep the lock busy (each holds it for a few
     * milliseconds, then the other takes it), and a child process asks for it with a two-second timeout:
     * it must get it, because after a few in-JVM hand-overs this JVM leaves the lock free for longer
     * than the child's longest back-off.
     */
    @Test
    void aProcessWaitingForALockThatAnotherJvmKeepsBusyGetsIt() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).lockTimeout(Duration.ofSeconds(30)).open();
                ChildJvm child = ChildJvm.start("await", root, REFERENCE, "2000")) {
            assertThat(child.expect()).isEqualTo("READY");
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch busy = new CountDownLatch(2 * LockRegistry.FAIR_HANDOVERS);
            List<Thread> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread holder = new Thread(() -> keepBusy(store, stop, busy), "holder-" + i);
                holder.start();
                holders.add(holder);
            }
            busy.await();

            child.send("go");
            String outcome = child.expect();
            stop.set(true);
            for (Thread holder : holders) {
                holder.join();
            }
            assertThat(outcome).isEqualTo("ACQUIRED");
        }
    }

    /** Takes and holds the lock for 3 ms of work, again and again, until {@code stop}. */
    private static void keepBusy(FsLocalImageStore store, AtomicBoolean stop, CountDownLatch acquisitions) {
        while (!stop.get()) {
            try (ImageLock lock = store.lock(LOCKED)) {
                acquisitions.countDown();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * On Linux, closing any channel of a file drops every lock the process holds on it. Other users of
     * the same lock file in this JVM (a nested acquisition by the holding thread, another store
     * instance, other threads, prune, fsck, close) must therefore never open and close a second channel
     * while the lock is held: a child process checks that the lock survives all of them.
     */
    @Test
    void otherUsesOfAHeldLockFileInThisJvmDoNotDropTheLock() throws Exception {
        try (FsLocalImageStore holder = FsLocalImageStore.open(root)) {
            holder.write(LocalImageMetadata.of(REFERENCE, "linux", "arm64"));
            try (ImageLock lock = holder.lock(LOCKED);
                    FsLocalImageStore other = FsLocalImageStore.builder(root)
                            .lockTimeout(Duration.ofMillis(50)).open()) {
                Path temp = Files.createFile(holder.imageDirectory(LOCKED)
                        .resolve("metadata.json.tmp-0123456789abcdef"));
                other.write(LocalImageMetadata.of(REFERENCE, "linux", "amd64"));
                assertThat(inAnotherThread(() -> other.prune(PruneOptions.defaults().withGrace(Duration.ZERO)
                        .withAllUnused(true)))).isEmpty();
                assertThat(inAnotherThread(() -> other.fsck(true))).isEmpty();
                assertThat(inAnotherThread(() -> other.lock(LOCKED).close()))
                        .containsInstanceOf(LockTimeoutException.class);
                assertThat(other.read(LOCKED)).isPresent();
                assertThat(temp).exists();
                other.close();
                LockRegistry.INSTANCE.closeIdle(root);

                try (ChildJvm probe = ChildJvm.start("probe", root, REFERENCE)) {
                    assertThat(probe.expect()).isEqualTo("BUSY");
                }
            }
            try (ChildJvm probe = ChildJvm.start("probe", root, REFERENCE)) {
                assertThat(probe.expect()).isEqualTo("ACQUIRED");
            }
        }
    }

    /** Shows why the registry exists: an unrelated open-and-close of the lock file does drop the lock. */
    @Test
    void closingASecondChannelOnTheLockFileWouldDropTheLock() throws Exception {
        try (FsLocalImageStore holder = FsLocalImageStore.open(root);
                ImageLock lock = holder.lock(LOCKED)) {
            Path lockFile = stripeFile(holder);
            FileChannel.open(lockFile, StandardOpenOption.READ).close();

            try (ChildJvm probe = ChildJvm.start("probe", root, REFERENCE)) {
                assertThat(probe.expect()).isEqualTo("ACQUIRED");
            }
        }
    }

    /** A rootfs file hard-linked to a held lock file is never opened (its close would drop the lock): refused. */
    @Test
    void aCommitRefusesARootfsFileHardLinkedToAHeldLockFileAndTheLockStaysHeld() throws Exception {
        try (FsLocalImageStore holder = FsLocalImageStore.open(root);
                ImageLock lock = holder.lock(LOCKED);
                ImageBuild build = holder.beginBuild(ImageReference.parse("other:1"))) {
            Path linked = Files.createLink(build.rootfs().resolve("linked"), stripeFile(holder));

            assertThatThrownBy(() -> build.commit(LocalImageMetadata.of("other:1", "linux", "arm64")))
                    .isInstanceOf(ImageStoreException.class).hasMessageContaining(linked.toString())
                    .hasMessageContaining("lock files");

            try (ChildJvm probe = ChildJvm.start("probe", root, REFERENCE)) {
                assertThat(probe.expect()).as("the lock is still held").isEqualTo("BUSY");
            }
            assertThat(holder.read(ImageReference.parse("other:1"))).isEmpty();
        }
    }

    /** Neither does the executable probe of resolvePlatform open such a file: the platform is found without it. */
    @Test
    void resolvingThePlatformNeverOpensARootfsFileHardLinkedToAHeldLockFile() throws Exception {
        ImageReference other = ImageReference.parse("other:1");
        try (FsLocalImageStore holder = FsLocalImageStore.open(root)) {
            try (ImageBuild build = holder.beginBuild(other)) {
                build.commit(LocalImageMetadata.of("other:1", "linux", "arm64"));
            }
            Path directory = holder.imageDirectory(other);
            Files.delete(directory.resolve("metadata.json"));
            try (ImageLock lock = holder.lock(LOCKED)) {
                Files.createDirectories(directory.resolve("rootfs/bin"));
                Files.createLink(directory.resolve("rootfs/bin/sh"), stripeFile(holder));
                Files.createLink(directory.resolve("image-config.json"), stripeFile(holder));

                holder.resolvePlatform(other);

                try (ChildJvm probe = ChildJvm.start("probe", root, REFERENCE)) {
                    assertThat(probe.expect()).as("the lock is still held").isEqualTo("BUSY");
                }
            }
        }
    }

    private static Path stripeFile(FsLocalImageStore store) {
        String key = ImageDirectories.directoryKey(DirectoryNames.of(LOCKED));
        return store.root().resolve(".imagestore/locks").resolve(String.format("stripe-%04d.lock",
                ImageLocks.stripe(key)));
    }

    private static Optional<Throwable> inAnotherThread(Runnable action) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        CountDownLatch done = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                done.countDown();
            }
        });
        thread.start();
        done.await();
        return Optional.ofNullable(failure[0]);
    }
}
