package io.imagestore.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.tests.support.Sidecars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image locks across processes: a lock another JVM holds makes this one time out with
 * {@link LockTimeoutException}; it is free again when the holder releases it or is killed; and several
 * processes never hold one lock at once.
 */
class CrossProcessLockTest {
    private static final ImageReference APP = ImageReference.parse("app:1");
    private static final Duration HANDSHAKE = Duration.ofSeconds(60);

    /** Kept when a test fails: the workers' output and errors are there ({@link Child}). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;
    private Path root;

    @BeforeEach
    void createStore() {
        root = temp.resolve("store");
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(Sidecars.of("app:1"));
            store.write(Sidecars.of("src:1"));
        }
    }

    private FsLocalImageStore impatient() {
        return FsLocalImageStore.builder(root).lockTimeout(Duration.ofMillis(300)).open();
    }

    @Test
    void aLockHeldByAnotherProcessTimesOutEveryWriterHere() throws Exception {
        try (Child holder = Child.start(temp, "holder", "hold", root.toString(), "app:1");
                FsLocalImageStore store = impatient()) {
            holder.await(line -> line.startsWith("LOCKED"), HANDSHAKE);

            assertThatThrownBy(() -> store.write(Sidecars.version("app:1", 1, 2))).isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("app:1");
            assertThatThrownBy(() -> store.remove(APP, true)).isInstanceOf(LockTimeoutException.class);
            assertThatThrownBy(() -> store.tag(ImageReference.parse("src:1"), APP)).isInstanceOf(LockTimeoutException.class);
            try (ImageBuild build = store.beginBuild(APP)) {
                assertThatThrownBy(() -> build.commit(Sidecars.of("app:1"))).isInstanceOf(LockTimeoutException.class);
            }
            assertThat(store.read(APP)).as("reads take no lock").contains(Sidecars.of("app:1"));
            store.write(Sidecars.of("unrelated:1"));

            holder.send("RELEASE");
            holder.await("RELEASED"::equals, HANDSHAKE);
            assertThat(store.write(Sidecars.version("app:1", 1, 2)).size()).hasValue(2);
        }
    }

    @Test
    void aKilledHoldersLockIsReleased() throws Exception {
        try (Child holder = Child.start(temp, "holder", "hold", root.toString(), "docker.io/library/app:1");
                FsLocalImageStore store = impatient()) {
            holder.await(line -> line.startsWith("LOCKED"), HANDSHAKE);
            assertThatThrownBy(() -> store.write(Sidecars.version("app:1", 1, 2))).isInstanceOf(LockTimeoutException.class);

            holder.kill();
        }
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).lockTimeout(Duration.ofSeconds(10)).open()) {
            assertThat(store.write(Sidecars.version("app:1", 1, 3)).size()).hasValue(3);
        }
    }

    @Test
    void processesNeverHoldOneLockAtOnce() throws Exception {
        int processes = 3;
        int times = 60;
        Path counter = Files.writeString(temp.resolve("counter"), "0");
        List<Child> children = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                children.add(Child.start(temp, "counter-" + p, "counter", root.toString(), "app:1", counter.toString(),
                        Integer.toString(times)));
            }
            for (Child child : children) {
                child.await("READY"::equals, HANDSHAKE);
            }
            for (Child child : children) {
                child.send("GO");
            }
            for (Child child : children) {
                assertThat(child.waitFor(HANDSHAKE)).as("%s", child).contains(0);
            }
        } finally {
            for (Child child : children) {
                child.close();
            }
        }
        assertThat(Files.readString(counter)).as("no increment lost to a lock held twice")
                .isEqualTo(Integer.toString(processes * times));
    }
}
