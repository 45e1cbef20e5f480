package io.imagestore.tests.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.Layout;
import io.imagestore.tests.support.Soak;
import io.imagestore.tests.support.TestSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs, several threads each, writing, building, reading, tagging and removing overlapping
 * references for a bounded time. No reader ever sees a torn or foreign sidecar, and afterwards every
 * reference holds a value its acknowledgement log allows ({@link OpLog}): no acknowledged write is lost.
 * {@code -Dimagestore.soak=true} runs for a minute instead of seconds.
 */
class MultiProcessStressTest {
    private static final List<String> SPELLINGS = List.of("app:1", "docker.io/library/app:1", "app:V1", "app:v1",
            "ghcr.io/o/tool:2", "localhost:5000/team/svc@sha256:" + "e".repeat(64));

    /** Kept when a test fails: the workers' output and errors are there ({@link Child}). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void defaultLayout() throws Exception {
        stress(Layout.IMAGESTORE, Soak.pick(3, 4), 3, Soak.pick(Duration.ofSeconds(4), Duration.ofSeconds(60)));
    }

    @Test
    void zlayerLayout() throws Exception {
        stress(Layout.ZLAYER, 2, 2, Soak.pick(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    private void stress(Layout layout, int processes, int threads, Duration duration) throws Exception {
        long seed = TestSeed.of("stress " + layout);
        Path root = temp.resolve("store");
        FsLocalImageStore.builder(root).layout(layout).open().close();
        List<Child> children = new ArrayList<>();
        OpLog log = new OpLog();
        try {
            for (int p = 0; p < processes; p++) {
                children.add(Child.start(temp, "stress-" + p, "stress", root.toString(), layout.name(), Integer.toString(p),
                        Integer.toString(threads), Long.toString(duration.toMillis()), Long.toString(seed + p),
                        String.join(",", SPELLINGS)));
            }
            for (Child child : children) {
                child.await("READY"::equals, Duration.ofSeconds(60));
            }
            for (Child child : children) {
                child.send("GO");
            }
            for (Child child : children) {
                assertThat(child.waitFor(duration.plusSeconds(120))).as("exit code of %s", child).contains(0);
                assertThat(child.lines()).as("%s finished", child).last().isEqualTo("DONE");
                log.add(child.lines());
            }
        } finally {
            for (Child child : children) {
                child.close();
            }
        }
        assertThat(log.problems()).as("torn, foreign or corrupt sidecars seen, or errors (seed %d)", seed).isEmpty();
        assertThat(log.unexpectedFailures(Set.of("ImageNotFoundException"))).isEmpty();
        assertThat(log.acknowledged()).as("acknowledged operations").isGreaterThan(10);
        assertFinalState(root, layout, log);
    }

    private static void assertFinalState(Path root, Layout layout, OpLog log) throws IOException {
        Set<ImageReference> references = SPELLINGS.stream().map(ImageReference::parse)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).layout(layout).open()) {
            List<LocalImageMetadata> listed = store.list();
            for (ImageReference reference : references) {
                Optional<LocalImageMetadata> read = store.read(reference);
                read.ifPresent(m -> assertThat(SidecarCheck.problem(reference, m)).isEmpty());
                log.assertFinal(reference.canonical(), OpLog.ABSENT,
                        read.map(m -> m.digest().orElseThrow()).orElse(OpLog.ABSENT));
                assertThat(listed.stream().filter(m -> m.imageReference().equals(reference)).collect(Collectors.toList()))
                        .as("list() entry of %s", reference).isEqualTo(read.map(List::of).orElse(List.of()));
            }
            assertThat(store.fsck(false).findings()).as("fsck after every worker exited").isEmpty();
        }
        try (Stream<Path> staging = Files.list(root.resolve(".imagestore/staging"))) {
            assertThat(staging).as("builds left in staging").isEmpty();
        }
    }
}
