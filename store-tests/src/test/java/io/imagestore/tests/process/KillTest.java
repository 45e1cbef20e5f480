package io.imagestore.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.testing.PeerTools;
import io.imagestore.tests.support.Sidecars;
import io.imagestore.tests.support.Soak;
import io.imagestore.tests.support.TestSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers killed with SIGKILL ({@code destroyForcibly}) at random moments, round after round, on one store:
 * after each round the next {@code open} recovers every build and trash entry they left (and a prune the
 * temp files and the image directories of interrupted first writes); every
 * sidecar parses and holds a value its log allows (an acknowledged one, or one in flight at the kill),
 * so no acknowledged write is lost; and an image committed by a build has the rootfs of that same build,
 * never a mixture. A builder killed (by {@code strace}) at each {@code rename} of its commit in turn never
 * leaves the image's name empty to a process that had the store open. {@code -Dimagestore.soak=true} runs
 * 100 rounds instead of a few.
 */
class KillTest {
    private static final List<String> SPELLINGS = List.of("app:1", "docker.io/library/app:1", "ghcr.io/o/tool:2");
    private static final Duration HANDSHAKE = Duration.ofSeconds(60);

    /** Kept when a test fails: the workers' output and errors are there ({@link Child}). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void killedWritersLoseNothingAcknowledgedAndLeaveNothingBehind() throws Exception {
        long seed = TestSeed.of("kill");
        Random random = new Random(seed);
        Path root = temp.resolve("store");
        FsLocalImageStore.open(root).close();
        OpLog log = new OpLog();
        int rounds = Soak.pick(5, 100);
        for (int round = 0; round < rounds; round++) {
            List<Child> children = new ArrayList<>();
            try {
                for (int w = 0; w < 2; w++) {
                    String worker = "r" + round + "w" + w;
                    children.add(Child.start(temp, worker, "crash-writer", root.toString(), worker,
                            Integer.toString(round * 2 + w), Long.toString(random.nextLong()), String.join(",", SPELLINGS)));
                }
                for (Child child : children) {
                    child.awaitCount(line -> line.startsWith("ACK "), 1 + random.nextInt(12), HANDSHAKE);
                }
                for (Child child : children) {
                    child.kill();
                    log.add(child.lines());
                    log.killed(child.name(), System.nanoTime());
                }
            } finally {
                for (Child child : children) {
                    child.close();
                }
            }
            assertRecovered(root, log, "round " + round + " (seed " + seed + ", logs in " + temp + ")");
        }
        assertThat(log.acknowledged()).isGreaterThanOrEqualTo(2L * rounds);
    }

    @Test
    void aBuilderKilledBeforeItsCommitLeavesNothingVisible() throws Exception {
        Path root = temp.resolve("store");
        ImageReference fresh = ImageReference.parse("fresh:1");
        Path staging = root.resolve(".imagestore/staging");
        try (Child builder = Child.start(temp, "builder", "build-and-wait", root.toString(), "fresh:1");
                FsLocalImageStore store = FsLocalImageStore.open(root)) {
            builder.await(line -> line.startsWith("FILLED"), HANDSHAKE);

            assertThat(store.read(fresh)).isEmpty();
            assertThat(store.list()).isEmpty();
            assertThat(store.imageDirectory(fresh)).doesNotExist();
            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
            try (Stream<Path> entries = Files.list(staging)) {
                assertThat(entries).as("a live build is never pruned").hasSize(1);
            }

            builder.kill();
        }
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(leftovers(root)).as("the dead build is recovered on open").isEmpty();
            assertThat(store.read(fresh)).isEmpty();
            assertThat(store.imageDirectory(fresh)).doesNotExist();
            assertThat(store.fsck(false).findings()).isEmpty();
        }
    }

    @Test
    void aBuilderKilledDuringItsCommitLeavesTheOldImageOrTheNewOneWhole() throws Exception {
        long seed = TestSeed.of("kill during commit");
        Random random = new Random(seed);
        Path root = temp.resolve("store");
        FsLocalImageStore.open(root).close();
        OpLog log = new OpLog();
        int inFlight = 0;
        int rounds = Soak.pick(4, 50);
        for (int round = 0; round < rounds; round++) {
            String worker = "b" + round;
            try (Child builder = Child.start(temp, worker, "crash-builder", root.toString(), worker,
                    Integer.toString(100 + round), Long.toString(random.nextLong()), "app:1", "200")) {
                builder.awaitCount(line -> line.startsWith("ACK "), 1 + random.nextInt(2), HANDSHAKE);
                int started = (int) builder.lines().stream().filter(line -> line.startsWith("START ")).count();
                builder.awaitCount(line -> line.startsWith("START "), started + 1, HANDSHAKE);
                builder.kill();
                log.add(builder.lines());
                log.killed(worker, System.nanoTime());
                long acknowledged = builder.lines().stream().filter(line -> line.startsWith("ACK ")).count();
                inFlight += acknowledged <= started ? 1 : 0;
            }
            assertRecovered(root, log, "commit round " + round + " (seed " + seed + ", logs in " + temp + ")");
        }
        System.out.println("[kill during commit] " + inFlight + " of " + rounds + " kills landed inside a commit");
    }

    /**
     * The renames of a commit, in order: the staged sidecar's temp file, the recorded target's temp file, the
     * old image moved aside, the new image moved into place. Killed at rename {@code n}, the builder never did
     * it; at {@code RENAMES + 1} it completes its commit.
     */
    private static final int RENAMES = 4;

    @Test
    void aBuilderKilledAtEachRenameOfItsCommitNeverLeavesTheNameEmpty() throws Exception {
        PeerTools.require("strace");
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(Strace.canInject()).as("strace can inject faults (ptrace allowed)").isTrue();
        }
        assumeTrue(Strace.canInject(), "strace cannot inject faults on this machine (install strace; ptrace allowed)");
        for (int rename = 1; rename <= RENAMES + 1; rename++) {
            killAtRename(rename, true);
            killAtRename(rename, false);
        }
    }

    /**
     * Builds app:1, opens the store in this process, kills a second build at its {@code rename}th rename, then
     * reads and writes app:1 in this process ({@code readFirst}: read, write; else write, read).
     */
    private void killAtRename(int rename, boolean readFirst) throws Exception {
        String round = "kill at rename " + rename + (readFirst ? ", read first" : ", write first") + " (logs in "
                + temp + ")";
        Path root = temp.resolve("swap-" + rename + (readFirst ? "-read" : "-write"));
        ImageReference app = ImageReference.parse("app:1");
        String old = buildOnce(root, "old" + rename + (readFirst ? "r" : "w"), 1, List.of());
        try (FsLocalImageStore live = FsLocalImageStore.open(root)) { // opened before the builder dies
            assertThat(live.read(app).flatMap(LocalImageMetadata::digest)).contains(old);
            String built = buildOnce(root, "new" + rename + (readFirst ? "r" : "w"), 2, Strace.killAtRename(rename));
            boolean completed = rename > RENAMES;
            assertThat(built.isEmpty()).as("the builder dies inside its commit at %s", round).isEqualTo(!completed);
            String expected = rename >= RENAMES ? "sha256:%08x%056x".formatted(2, 1) : old;

            LocalImageMetadata written = Sidecars.version("app:1", 3, 1);
            if (readFirst) {
                String seen = live.read(app).flatMap(LocalImageMetadata::digest).orElse(OpLog.ABSENT);
                assertThat(seen).as("what a process that opened the store earlier reads after %s (%s)", round,
                        new OpLog().describe(seen)).isEqualTo(expected);
            }
            live.write(written);
            assertThat(live.read(app)).as("a write after %s", round).contains(written);
            assertWholeRootfs(live.imageDirectory(app).resolve("rootfs"), expected, round);
        }
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
            assertThat(store.read(app).flatMap(LocalImageMetadata::digest)).as("after reopening and pruning, %s", round)
                    .contains("sha256:%08x%056x".formatted(3, 1));
            assertThat(store.imageDirectory(app).resolve("rootfs/bin/tool")).as(round).exists();
            assertThat(leftovers(root)).as(round).isEmpty();
            assertThat(store.fsck(false).findings()).as(round).isEmpty();
        }
    }

    /** Builds app:1 once in a child JVM started under {@code wrapper}; the digest it acknowledged, or "" if killed. */
    private String buildOnce(Path root, String worker, int writer, List<String> wrapper) throws Exception {
        try (Child builder = Child.startUnder(wrapper, temp, worker, "build-once", root.toString(), worker,
                Integer.toString(writer), "app:1", "6")) {
            assertThat(builder.waitFor(HANDSHAKE)).as("%s ended", worker).isPresent();
            return builder.lines().stream().filter(line -> line.startsWith("ACK ")).map(line -> line.split(" ")[3])
                    .findFirst().orElse("");
        }
    }

    private static void assertRecovered(Path root, OpLog log, String round) throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(bookkeepingLeftovers(root)).as("leftovers after the open of %s", round).isEmpty();
            for (String spelling : SPELLINGS) {
                ImageReference reference = ImageReference.parse(spelling);
                Optional<LocalImageMetadata> read = store.read(reference);
                read.ifPresent(m -> assertThat(SidecarCheck.problem(reference, m)).as(round).isEmpty());
                String value = read.map(m -> m.digest().orElseThrow()).orElse(OpLog.ABSENT);
                log.assertFinal(reference.canonical(), OpLog.ABSENT, value);
                if (log.producerOf(value).filter(op -> op.kind.equals("BUILD")).isPresent()) {
                    assertWholeRootfs(store.imageDirectory(reference).resolve("rootfs"), value, round);
                }
            }
            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
            assertThat(leftovers(root)).as("leftovers after a prune of %s", round).isEmpty();
            assertThat(store.fsck(false).findings()).as("fsck after the open and a prune of %s", round).isEmpty();
        }
    }

    /** A built image's rootfs is the one of the build that wrote its sidecar: every file, none from another. */
    private static void assertWholeRootfs(Path rootfs, String digest, String round) throws IOException {
        assertThat(rootfs.resolve("bin/tool")).as("rootfs of %s after %s", digest, round).hasContent(digest);
        try (Stream<Path> files = Files.list(rootfs)) {
            List<Path> numbered = files.filter(p -> p.getFileName().toString().startsWith("file-")).collect(Collectors.toList());
            assertThat(rootfs.resolve("bin/files")).hasContent(digest + " " + numbered.size());
            for (Path file : numbered) {
                assertThat(Files.readString(file)).startsWith(digest + " ");
            }
        }
    }

    /** Entries of staging and trash, and temp files anywhere. */
    private static List<String> leftovers(Path root) throws IOException {
        List<String> found = bookkeepingLeftovers(root);
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> p.getFileName().toString().contains(".tmp-")).forEach(p -> found.add(p.toString()));
        }
        return found;
    }

    /** Entries of staging and trash (what opening a store recovers). */
    private static List<String> bookkeepingLeftovers(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> staging = Files.list(root.resolve(".imagestore/staging"));
                Stream<Path> trash = Files.list(root.resolve(".imagestore/trash"))) {
            staging.forEach(p -> found.add(p.toString()));
            trash.forEach(p -> found.add(p.toString()));
        }
        return found;
    }
}
