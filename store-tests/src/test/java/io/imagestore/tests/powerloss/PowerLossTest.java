package io.imagestore.tests.powerloss;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.fs.Durability;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.tests.support.Sidecars;
import io.imagestore.tests.support.TestSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power loss at every step of write, beginBuild+commit, remove and tag ({@link PowerLossHarness}): after
 * the reboot every image is a complete old one or a complete new one (sidecar and rootfs from the same
 * version), an acknowledged change is never lost, other images are untouched, and the next open plus a
 * prune leave no temp file, staging or trash behind.
 */
class PowerLossTest {
    private static final ImageReference APP = ImageReference.parse("app:1");
    private static final ImageReference OTHER = ImageReference.parse("ghcr.io/other/img:2");
    private static final ImageReference SOURCE = ImageReference.parse("src:1");
    private static final long ABSENT = 0;

    @TempDir
    Path temp;
    private long seed;

    @BeforeEach
    void seed(TestInfo test) {
        seed = TestSeed.of(test.getDisplayName());
    }

    private PowerLossHarness harness() {
        return new PowerLossHarness(temp, seed, Durability.FSYNC, path -> false);
    }

    static void build(FsLocalImageStore store, ImageReference reference, long version) throws IOException {
        try (ImageBuild build = store.beginBuild(reference)) {
            Files.createDirectories(build.rootfs().resolve("bin"));
            Files.writeString(build.rootfs().resolve("bin/tool"), "v" + version);
            build.commit(Sidecars.version(reference.original(), 0, version));
        }
    }

    /**
     * Asserts that {@code reference} is absent ({@link #ABSENT}) or a complete image of one of
     * {@code versions}, its rootfs (when {@code withRootfs}) from the same version; returns the version.
     */
    static long assertOneOf(FsLocalImageStore store, ImageReference reference, boolean withRootfs, long... versions)
            throws IOException {
        Optional<LocalImageMetadata> read = store.read(reference);
        long version = read.map(m -> m.size().orElseThrow()).orElse(ABSENT);
        assertThat(Arrays.stream(versions).boxed().collect(Collectors.toList()))
                .as("version of %s after the reboot", reference).contains(version);
        if (read.isPresent()) {
            assertThat(read.get().imageReference()).isEqualTo(reference);
            if (withRootfs) {
                assertThat(store.imageDirectory(reference).resolve("rootfs/bin/tool"))
                        .as("rootfs of %s", reference).hasContent("v" + version);
            }
        }
        return version;
    }

    /** After recovery and a prune, nothing is left over: no temp file, staging, trash or incomplete image. */
    static void assertNoLeftovers(FsLocalImageStore store, Path root) throws IOException {
        store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
        assertThat(store.fsck(false).findings()).as("fsck after open and prune").isEmpty();
        try (Stream<Path> paths = Files.walk(root)) {
            assertThat(paths.map(p -> root.relativize(p).toString()))
                    .noneMatch(p -> p.contains(".tmp-"))
                    .noneMatch(p -> p.startsWith(".imagestore/staging/"))
                    .noneMatch(p -> p.startsWith(".imagestore/trash/"));
        }
    }

    private void assertSurvives(PowerLossHarness harness, String name, PowerLossHarness.Setup setup,
            PowerLossHarness.Action action, PowerLossHarness.Check check) throws Exception {
        List<String> violations = harness.run(name, setup, action, check);
        assertThat(harness.cases()).as("crash outcomes checked").isGreaterThan(4);
        assertThat(violations).as("violations (replay with -Dimagestore.seed=%d)", seed).isEmpty();
    }

    @Test
    void writeOverAnExistingSidecar() throws Exception {
        assertSurvives(harness(), "write-over",
                store -> {
                    store.write(Sidecars.version("app:1", 0, 1));
                    store.write(Sidecars.version(OTHER.original(), 0, 7));
                },
                store -> store.write(Sidecars.version("app:1", 0, 2)),
                (store, root, acknowledged) -> {
                    assertOneOf(store, APP, false, acknowledged ? new long[] {2} : new long[] {1, 2});
                    assertOneOf(store, OTHER, false, 7);
                    assertNoLeftovers(store, root);
                });
    }

    @Test
    void writeOfANewImage() throws Exception {
        assertSurvives(harness(), "write-new",
                store -> store.write(Sidecars.version(OTHER.original(), 0, 7)),
                store -> store.write(Sidecars.version("app:1", 0, 1)),
                (store, root, acknowledged) -> {
                    assertOneOf(store, APP, false, acknowledged ? new long[] {1} : new long[] {ABSENT, 1});
                    assertOneOf(store, OTHER, false, 7);
                    assertNoLeftovers(store, root);
                });
    }

    @Test
    void buildAndCommitOverAnExistingImage() throws Exception {
        assertSurvives(harness(), "build-over",
                store -> {
                    build(store, APP, 1);
                    build(store, OTHER, 7);
                },
                store -> build(store, APP, 2),
                (store, root, acknowledged) -> {
                    assertOneOf(store, APP, true, acknowledged ? new long[] {2} : new long[] {1, 2});
                    assertOneOf(store, OTHER, true, 7);
                    assertNoLeftovers(store, root);
                });
    }

    @Test
    void buildAndCommitOfANewImage() throws Exception {
        assertSurvives(harness(), "build-new",
                store -> build(store, OTHER, 7),
                store -> build(store, APP, 1),
                (store, root, acknowledged) -> {
                    assertOneOf(store, APP, true, acknowledged ? new long[] {1} : new long[] {ABSENT, 1});
                    assertOneOf(store, OTHER, true, 7);
                    assertNoLeftovers(store, root);
                });
    }

    @Test
    void remove() throws Exception {
        assertSurvives(harness(), "remove",
                store -> {
                    build(store, APP, 1);
                    build(store, OTHER, 7);
                },
                store -> store.remove(APP, false),
                (store, root, acknowledged) -> {
                    assertOneOf(store, APP, true, acknowledged ? new long[] {ABSENT} : new long[] {ABSENT, 1});
                    assertOneOf(store, OTHER, true, 7);
                    assertNoLeftovers(store, root);
                });
    }

    @Test
    void tagOntoAnExistingImage() throws Exception {
        assertSurvives(harness(), "tag",
                store -> {
                    build(store, SOURCE, 3);
                    build(store, APP, 1);
                },
                store -> store.tag(SOURCE, APP),
                (store, root, acknowledged) -> {
                    assertOneOf(store, APP, true, acknowledged ? new long[] {3} : new long[] {1, 3});
                    assertOneOf(store, SOURCE, true, 3);
                    assertNoLeftovers(store, root);
                });
    }
}
