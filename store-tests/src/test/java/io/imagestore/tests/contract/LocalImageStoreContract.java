package io.imagestore.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageInUseException;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.api.ReferenceConflictException;
import io.imagestore.api.ResolvedPlatform;
import io.imagestore.tests.support.Sidecars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link LocalImageStore}: every guarantee, error and edge case its Javadoc (and that of
 * {@link ImageBuild}) documents. An implementation runs it by subclassing and saying how to open a store
 * and where a sidecar lives; the suite is otherwise implementation-blind.
 */
public abstract class LocalImageStoreContract {
    /** The store root's parent, where a test may put files that must stay untouched. */
    @TempDir
    protected Path temp;
    /** The root of {@link #store}. */
    protected Path root;
    /** The store under test. */
    protected LocalImageStore store;
    /** The references the embedder reports in use (for remove and prune). */
    protected final Set<ImageReference> inUse = ConcurrentHashMap.newKeySet();
    private final List<LocalImageStore> opened = new ArrayList<>();

    /**
     * Opens a store at {@code root} that asks {@code inUse} which images are in use and gives up on a lock
     * after {@code lockTimeout}.
     */
    protected abstract LocalImageStore open(Path root, Predicate<ImageReference> inUse, Duration lockTimeout);

    /** Where the sidecar of {@code reference} is (or would be) in {@code store}. */
    protected abstract Path sidecarFile(LocalImageStore store, ImageReference reference);

    /**
     * Makes another party (a thread holding another store instance of the same root, or a process) hold
     * the lock of {@code reference} until the returned handle is closed.
     */
    protected abstract AutoCloseable holdLock(Path root, ImageReference reference) throws Exception;

    /** Releases whatever {@code store} holds (locks, channels), when it has anything to release. */
    protected abstract void close(LocalImageStore store);

    /** Opens another instance on the same root (a second process would see the same). */
    protected final LocalImageStore reopen(Duration lockTimeout) {
        LocalImageStore other = open(root, inUse::contains, lockTimeout);
        opened.add(other);
        return other;
    }

    @BeforeEach
    void openStore() throws IOException {
        Files.writeString(temp.resolve("outside.txt"), "outside");
        root = temp.resolve("store");
        store = reopen(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeStores() throws IOException {
        opened.forEach(this::close);
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("containment: nothing is created beside the root").containsExactlyInAnyOrder("outside.txt", "store");
        }
        assertThat(temp.resolve("outside.txt")).hasContent("outside");
    }

    static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    private LocalImageMetadata write(String reference) {
        return store.write(Sidecars.of(reference));
    }

    private void corrupt(String reference, String content) throws IOException {
        Path file = sidecarFile(store, ref(reference));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void fill(Path rootfs, String marker) throws IOException {
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/tool"), marker);
        Files.writeString(rootfs.resolve("etc-release"), "release " + marker);
    }

    @Nested
    class Write {
        @Test
        void storesWhatReadReturns() {
            LocalImageMetadata stored = store.write(Sidecars.version("myapp:latest", 1, 7));

            assertThat(stored.reference()).isEqualTo("myapp:latest");
            assertThat(stored.size()).hasValue(7);
            assertThat(store.read(ref("myapp"))).contains(stored);
            assertThat(store.list()).containsExactly(stored);
        }

        @Test
        void givesACreationTimeWhenNoneWasGiven() {
            LocalImageMetadata stored = store.write(LocalImageMetadata.of("plain", "linux", "amd64"));

            assertThat(stored.createdInstant()).isPresent();
            assertThat(store.read(ref("plain"))).contains(stored);
        }

        @Test
        void replacesThePreviousSidecarWhole() {
            store.write(Sidecars.version("app:1", 1, 1));
            LocalImageMetadata second = store.write(Sidecars.version("app:1", 1, 2));

            assertThat(store.read(ref("app:1"))).contains(second);
            assertThat(store.list()).containsExactly(second);
        }

        @Test
        void everySpellingOfAReferenceIsOneImage() {
            LocalImageMetadata stored = write("alpine");

            for (String spelling : List.of("alpine", "alpine:latest", "library/alpine", "docker.io/library/alpine:latest",
                    "index.docker.io/library/alpine:latest")) {
                assertThat(store.read(ref(spelling))).as(spelling).contains(stored);
            }
            LocalImageMetadata again = store.write(Sidecars.version("docker.io/library/alpine:latest", 2, 2));
            assertThat(store.list()).containsExactly(again);
        }

        @Test
        void refusesAnInvalidReferenceAndWritesNothing() throws IOException {
            assertThatThrownBy(() -> store.write(LocalImageMetadata.of("Not A/Reference", "linux", "amd64")))
                    .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("Not A/Reference");
            assertThatThrownBy(() -> store.write(LocalImageMetadata.of("../../etc/passwd", "linux", "amd64")))
                    .isInstanceOf(InvalidReferenceException.class);
            assertThat(store.list()).isEmpty();
        }

        @Test
        void referencesALossyLayoutWouldMergeAreKeptApartOrRefused() {
            LocalImageMetadata first = store.write(Sidecars.version("foo/bar:1", 1, 1));
            Throwable second = catchThrowable(() -> store.write(Sidecars.version("foo_bar:1", 2, 2)));

            assertThat(store.read(ref("foo/bar:1"))).contains(first);
            if (second == null) {
                assertThat(store.read(ref("foo_bar:1"))).contains(Sidecars.version("foo_bar:1", 2, 2));
            } else {
                assertThat(second).isInstanceOf(ReferenceConflictException.class)
                        .hasMessageContaining("foo/bar:1").hasMessageContaining("foo_bar");
                Throwable read = catchThrowable(() -> assertThat(store.read(ref("foo_bar:1"))).isEmpty());
                assertThat(read).as("the shared directory is empty for foo_bar:1 or a conflict, never foo/bar's")
                        .satisfiesAnyOf(t -> assertThat(t).isNull(),
                                t -> assertThat(t).isInstanceOf(ReferenceConflictException.class));
            }
        }

        @Test
        void tagsThatDifferOnlyByCaseAreDifferentImages() {
            LocalImageMetadata lower = store.write(Sidecars.version("app:v1", 1, 1));
            LocalImageMetadata upper = store.write(Sidecars.version("app:V1", 2, 2));

            assertThat(store.read(ref("app:v1"))).contains(lower);
            assertThat(store.read(ref("app:V1"))).contains(upper);
            assertThat(store.list()).containsExactlyInAnyOrder(lower, upper);
        }

        @Test
        void waitsForTheLockThenTimesOut() throws Exception {
            LocalImageStore impatient = reopen(Duration.ofMillis(200));
            try (AutoCloseable held = holdLock(root, ref("locked:1"))) {
                assertThatThrownBy(() -> impatient.write(Sidecars.of("locked:1")))
                        .isInstanceOf(LockTimeoutException.class).hasMessageContaining("locked");
                assertThat(impatient.read(ref("locked:1"))).as("reads take no lock").isEmpty();
                impatient.write(Sidecars.of("unrelated:1"));
            }
            assertThat(impatient.write(Sidecars.of("locked:1")).reference()).isEqualTo("locked:1");
        }

        @Test
        void concurrentWritersNeverTearASidecar() throws Exception {
            int writers = 4;
            int rounds = 50;
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            CyclicBarrier start = new CyclicBarrier(writers + 1);
            AtomicBoolean done = new AtomicBoolean();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int v = 1; v <= rounds; v++) {
                            store.write(Sidecars.version("busy:1", writer, v));
                        }
                        return null;
                    }));
                }
                Future<Integer> reader = pool.submit(() -> {
                    start.await();
                    int seen = 0;
                    while (!done.get()) {
                        seen += store.read(ref("busy:1")).map(m -> {
                            assertThat(m.reference()).isEqualTo("busy:1");
                            assertThat(m.digest().orElseThrow()).endsWith(String.format("%056x", m.size().getAsLong()));
                            return 1;
                        }).orElse(0);
                    }
                    return seen;
                });
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
                done.set(true);
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.read(ref("busy:1")).orElseThrow().size()).hasValue(rounds);
        }
    }

    @Nested
    class Read {
        @Test
        void anUnknownImageIsEmpty() {
            assertThat(store.read(ref("nothing:here"))).isEmpty();
        }

        @Test
        void anImageStillWithoutSidecarIsEmpty() throws IOException {
            Files.createDirectories(sidecarFile(store, ref("incomplete:1")).getParent().resolve("rootfs"));

            assertThat(store.read(ref("incomplete:1"))).isEmpty();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void aCorruptSidecarFailsOnlyItsImageAndNamesTheFile() throws IOException {
            LocalImageMetadata good = write("good:1");
            corrupt("bad:1", "{\"reference\":\"bad:1\",\"os\":");

            assertThatThrownBy(() -> store.read(ref("bad:1"))).isInstanceOf(CorruptMetadataException.class)
                    .hasMessageContaining(sidecarFile(store, ref("bad:1")).getFileName().toString());
            assertThat(store.read(ref("good:1"))).contains(good);
            assertThat(store.list()).containsExactly(good);
        }

        @Test
        void aSidecarOfAnotherReferenceIsAConflict() throws IOException {
            corrupt("mine:1", new String(io.imagestore.api.MetadataCodec.encode(Sidecars.of("theirs:2")),
                    StandardCharsets.UTF_8));

            assertThatThrownBy(() -> store.read(ref("mine:1"))).isInstanceOf(ReferenceConflictException.class)
                    .hasMessageContaining("theirs:2").hasMessageContaining("mine");
        }

        @Test
        void seesWhatAnotherInstanceWrote() {
            LocalImageStore other = reopen(Duration.ofSeconds(30));
            write("shared:1");
            assertThat(other.read(ref("shared:1"))).isPresent();

            for (int v = 1; v <= 5; v++) {
                LocalImageMetadata newer = other.write(Sidecars.version("shared:1", 9, v));
                assertThat(store.read(ref("shared:1"))).as("cached reads revalidate").contains(newer);
            }
            other.remove(ref("shared:1"), false);
            assertThat(store.read(ref("shared:1"))).isEmpty();
        }
    }

    @Nested
    class ListImages {
        @Test
        void anEmptyStoreListsNothing() {
            assertThat(store.list()).isEmpty();
        }

        @Test
        void listsEveryCompleteImageSortedByCanonicalReference() throws IOException {
            LocalImageMetadata b = write("b:1");
            LocalImageMetadata a = write("ghcr.io/a/x:2");
            LocalImageMetadata c = write("docker.io/c/z@sha256:" + "c".repeat(64));
            corrupt("broken:1", "[]");
            Files.createDirectories(sidecarFile(store, ref("unfinished:1")).getParent());

            List<LocalImageMetadata> listed = store.list();

            assertThat(listed).containsExactlyInAnyOrder(a, b, c);
            assertThat(listed.stream().map(m -> m.imageReference().canonical()).collect(Collectors.toList()))
                    .isSorted();
        }
    }

    @Nested
    class Remove {
        @Test
        void removesTheImageAndItsFiles() throws IOException {
            try (ImageBuild build = store.beginBuild(ref("gone:1"))) {
                fill(build.rootfs(), "x");
                build.commit(Sidecars.of("gone:1"));
            }
            Path directory = sidecarFile(store, ref("gone:1")).getParent();
            write("kept:1");

            store.remove(ref("docker.io/library/gone:1"), false);

            assertThat(store.read(ref("gone:1"))).isEmpty();
            assertThat(directory).doesNotExist();
            assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly("kept:1");
        }

        @Test
        void anUnknownImageIsNotFound() {
            assertThatThrownBy(() -> store.remove(ref("nothing:1"), false)).isInstanceOf(ImageNotFoundException.class)
                    .hasMessageContaining("nothing");
            assertThatThrownBy(() -> store.remove(ref("nothing:1"), true)).isInstanceOf(ImageNotFoundException.class);
        }

        @Test
        void anImageInUseNeedsForce() {
            LocalImageMetadata busy = write("busy:1");
            inUse.add(ref("busy:1"));

            assertThatThrownBy(() -> store.remove(ref("busy:1"), false)).isInstanceOf(ImageInUseException.class)
                    .hasMessageContaining("busy");
            assertThat(store.read(ref("busy:1"))).contains(busy);

            store.remove(ref("busy:1"), true);
            assertThat(store.read(ref("busy:1"))).isEmpty();
        }

        @Test
        void waitsForTheLockThenTimesOut() throws Exception {
            write("locked:1");
            LocalImageStore impatient = reopen(Duration.ofMillis(200));
            try (AutoCloseable held = holdLock(root, ref("locked:1"))) {
                assertThatThrownBy(() -> impatient.remove(ref("locked:1"), true)).isInstanceOf(LockTimeoutException.class);
            }
            assertThat(store.read(ref("locked:1"))).isPresent();
        }
    }

    @Nested
    class Tag {
        @Test
        void makesAnIndependentCopyUnderTheTarget() throws IOException {
            LocalImageMetadata source;
            try (ImageBuild build = store.beginBuild(ref("src:1"))) {
                fill(build.rootfs(), "source");
                source = build.commit(Sidecars.of("src:1"));
            }

            LocalImageMetadata tagged = store.tag(ref("src:1"), ref("ghcr.io/me/dst:2"));

            assertThat(tagged.imageReference()).isEqualTo(ref("ghcr.io/me/dst:2"));
            assertThat(tagged.withReference(source.reference())).isEqualTo(source);
            assertThat(store.read(ref("ghcr.io/me/dst:2"))).contains(tagged);
            assertThat(store.read(ref("src:1"))).contains(source);
            Path targetRootfs = sidecarFile(store, ref("ghcr.io/me/dst:2")).resolveSibling("rootfs");
            assertThat(targetRootfs.resolve("bin/tool")).hasContent("source");

            store.remove(ref("src:1"), false);
            assertThat(targetRootfs.resolve("bin/tool")).as("independent of the source").hasContent("source");
            assertThat(store.read(ref("ghcr.io/me/dst:2"))).contains(tagged);
        }

        @Test
        void replacesAnExistingTarget() throws IOException {
            write("src:1");
            try (ImageBuild build = store.beginBuild(ref("dst:1"))) {
                fill(build.rootfs(), "old target");
                build.commit(Sidecars.version("dst:1", 1, 1));
            }

            LocalImageMetadata tagged = store.tag(ref("src:1"), ref("dst:1"));

            assertThat(store.read(ref("dst:1"))).contains(tagged);
            assertThat(sidecarFile(store, ref("dst:1")).resolveSibling("rootfs").resolve("bin/tool")).doesNotExist();
        }

        @Test
        void anUnknownSourceIsNotFound() {
            assertThatThrownBy(() -> store.tag(ref("nothing:1"), ref("dst:1"))).isInstanceOf(ImageNotFoundException.class);
            assertThat(store.read(ref("dst:1"))).isEmpty();
        }

        @Test
        void ontoItselfChangesNothing() {
            LocalImageMetadata source = write("same:1");

            assertThat(store.tag(ref("same:1"), ref("docker.io/library/same:1"))).isEqualTo(source);
            assertThat(store.list()).containsExactly(source);
        }

        @Test
        void waitsForTheTargetsLockThenTimesOut() throws Exception {
            write("src:1");
            LocalImageStore impatient = reopen(Duration.ofMillis(200));
            try (AutoCloseable held = holdLock(root, ref("dst:1"))) {
                assertThatThrownBy(() -> impatient.tag(ref("src:1"), ref("dst:1"))).isInstanceOf(LockTimeoutException.class);
            }
            assertThat(store.read(ref("dst:1"))).isEmpty();
        }
    }

    @Nested
    class Prune {
        @Test
        void leavesCompleteImagesByDefault() {
            LocalImageMetadata kept = write("kept:1");

            PruneResult result = store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));

            assertThat(result.deleted()).isEmpty();
            assertThat(store.list()).containsExactly(kept);
        }

        @Test
        void allUnusedRemovesEveryImageNotInUse() {
            write("unused:1");
            LocalImageMetadata used = write("used:1");
            inUse.add(ref("used:1"));

            PruneResult dry = store.prune(PruneOptions.defaults().withAllUnused(true).withDryRun(true));
            assertThat(dry.deleted()).containsExactly("docker.io/library/unused:1");
            assertThat(store.list()).hasSize(2);

            PruneResult result = store.prune(PruneOptions.defaults().withAllUnused(true));
            assertThat(result.deleted()).containsExactly("docker.io/library/unused:1");
            assertThat(store.list()).containsExactly(used);
        }

        @Test
        void aDryRunChangesNothing() throws IOException {
            write("a:1");
            Path incomplete = Files.createDirectories(sidecarFile(store, ref("incomplete:1")).resolveSibling("rootfs"));
            List<Path> before = tree();

            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO).withAllUnused(true).withDryRun(true));

            assertThat(tree()).isEqualTo(before);
            assertThat(incomplete).isDirectory();
        }

        private List<Path> tree() throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                return paths.sorted().collect(Collectors.toList());
            }
        }

        @Test
        void goesOnPastACorruptSidecar() throws IOException {
            write("a:1");
            corrupt("bad:1", "\u0000\u0001binary");

            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO).withAllUnused(true));

            assertThat(store.list()).isEmpty();
            assertThat(store.read(ref("a:1"))).isEmpty();
        }
    }

    @Nested
    class ResolvePlatform {
        @Test
        void comesFromTheSidecarNormalised() {
            store.write(LocalImageMetadata.of("mac:1", "macOS", "aarch64"));

            ResolvedPlatform resolved = store.resolvePlatform(ref("mac:1"));

            assertThat(resolved.source()).isEqualTo(PlatformSource.SIDECAR);
            assertThat(resolved.platform()).contains(Platform.parse("darwin/arm64"));
        }

        @Test
        void anUnknownImageIsNotFound() {
            assertThatThrownBy(() -> store.resolvePlatform(ref("nothing:1"))).isInstanceOf(ImageNotFoundException.class);
        }

        @Test
        void withoutSidecarAnImageConfigTells() throws IOException {
            Path directory = sidecarFile(store, ref("legacy:1")).getParent();
            Files.createDirectories(directory.resolve("rootfs"));
            Files.writeString(directory.resolve("image-config.json"), "{\"os\":\"linux\",\"architecture\":\"arm64\"}");

            ResolvedPlatform resolved = store.resolvePlatform(ref("legacy:1"));

            assertThat(resolved.source()).isEqualTo(PlatformSource.IMAGE_CONFIG);
            assertThat(resolved.platform()).contains(Platform.parse("linux/arm64"));
        }

        @Test
        void withoutSidecarOrConfigTheExecutablesTell() throws IOException {
            Path rootfs = sidecarFile(store, ref("probe:1")).resolveSibling("rootfs");
            Files.createDirectories(rootfs.resolve("bin"));
            Files.write(rootfs.resolve("bin/sh"), ElfHeaders.x8664());

            ResolvedPlatform resolved = store.resolvePlatform(ref("probe:1"));

            assertThat(resolved.source()).isEqualTo(PlatformSource.ROOTFS_PROBE);
            assertThat(resolved.platform()).contains(Platform.parse("linux/amd64"));
        }

        @Test
        void anEmptyImageIsUnknown() throws IOException {
            Files.createDirectories(sidecarFile(store, ref("empty:1")).resolveSibling("rootfs"));

            assertThat(store.resolvePlatform(ref("empty:1"))).isEqualTo(ResolvedPlatform.unknown());
        }
    }

    @Nested
    class Build {
        @Test
        void nothingIsVisibleUntilTheCommit() throws IOException {
            try (ImageBuild build = store.beginBuild(ref("new:1"))) {
                assertThat(build.reference()).isEqualTo(ref("new:1"));
                assertThat(build.rootfs()).isEmptyDirectory();
                fill(build.rootfs(), "new");

                assertThat(store.read(ref("new:1"))).isEmpty();
                assertThat(store.list()).isEmpty();
                assertThatThrownBy(() -> store.remove(ref("new:1"), true)).isInstanceOf(ImageNotFoundException.class);

                LocalImageMetadata stored = build.commit(Sidecars.of("new:1"));

                assertThat(store.read(ref("new:1"))).contains(stored);
                assertThat(store.list()).containsExactly(stored);
                assertThat(sidecarFile(store, ref("new:1")).resolveSibling("rootfs").resolve("bin/tool")).hasContent("new");
            }
        }

        @Test
        void closingWithoutCommitLeavesNothing() throws IOException {
            ImageBuild build = store.beginBuild(ref("dropped:1"));
            fill(build.rootfs(), "dropped");
            build.close();
            build.close();

            assertThat(store.read(ref("dropped:1"))).isEmpty();
            assertThat(store.list()).isEmpty();
            assertThat(sidecarFile(store, ref("dropped:1")).getParent()).doesNotExist();
            assertThatThrownBy(() -> build.commit(Sidecars.of("dropped:1"))).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void aCommitReplacesTheWholeOldImage() throws IOException {
            try (ImageBuild build = store.beginBuild(ref("app:1"))) {
                fill(build.rootfs(), "old");
                Files.writeString(build.rootfs().resolve("only-in-old"), "old");
                build.commit(Sidecars.version("app:1", 1, 1));
            }
            LocalImageMetadata second;
            try (ImageBuild build = store.beginBuild(ref("app:1"))) {
                fill(build.rootfs(), "new");
                second = build.commit(Sidecars.version("app:1", 1, 2));
            }

            Path rootfs = sidecarFile(store, ref("app:1")).resolveSibling("rootfs");
            assertThat(store.read(ref("app:1"))).contains(second);
            assertThat(rootfs.resolve("bin/tool")).hasContent("new");
            assertThat(rootfs.resolve("only-in-old")).doesNotExist();
        }

        @Test
        void commitsOnceOnly() {
            try (ImageBuild build = store.beginBuild(ref("once:1"))) {
                build.commit(Sidecars.of("once:1"));
                assertThatThrownBy(() -> build.commit(Sidecars.of("once:1"))).isInstanceOf(IllegalStateException.class);
            }
            assertThat(store.read(ref("once:1"))).isPresent();
        }

        @Test
        void aCommitNamingAnotherReferenceIsAConflict() {
            try (ImageBuild build = store.beginBuild(ref("mine:1"))) {
                assertThatThrownBy(() -> build.commit(Sidecars.of("theirs:1")))
                        .isInstanceOf(ReferenceConflictException.class);
            }
            assertThat(store.list()).isEmpty();
        }

        @Test
        void aCommitAcceptsAnySpellingOfItsReference() {
            try (ImageBuild build = store.beginBuild(ref("docker.io/library/spelt:1"))) {
                LocalImageMetadata stored = build.commit(Sidecars.of("spelt:1"));
                assertThat(store.read(ref("spelt:1"))).contains(stored);
            }
        }

        @Test
        void aCommitWaitsForTheLockThenTimesOut() throws Exception {
            LocalImageStore impatient = reopen(Duration.ofMillis(200));
            try (ImageBuild build = impatient.beginBuild(ref("locked:1"))) {
                fill(build.rootfs(), "x");
                try (AutoCloseable held = holdLock(root, ref("locked:1"))) {
                    assertThatThrownBy(() -> build.commit(Sidecars.of("locked:1"))).isInstanceOf(LockTimeoutException.class);
                }
                assertThat(impatient.read(ref("locked:1"))).isEmpty();
            }
            assertThat(impatient.list()).isEmpty();
        }

        @Test
        void concurrentBuildsOfOneReferenceEachCommitWhole() throws Exception {
            int builders = 3;
            ExecutorService pool = Executors.newFixedThreadPool(builders);
            CountDownLatch allBegun = new CountDownLatch(builders);
            try {
                List<Future<LocalImageMetadata>> commits = new ArrayList<>();
                for (int b = 0; b < builders; b++) {
                    int builder = b;
                    commits.add(pool.submit(() -> {
                        try (ImageBuild build = store.beginBuild(ref("race:1"))) {
                            fill(build.rootfs(), "builder " + builder);
                            allBegun.countDown();
                            allBegun.await();
                            return build.commit(Sidecars.version("race:1", builder, builder));
                        }
                    }));
                }
                for (Future<LocalImageMetadata> commit : commits) {
                    commit.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            LocalImageMetadata winner = store.read(ref("race:1")).orElseThrow();
            long builder = winner.size().getAsLong();
            assertThat(sidecarFile(store, ref("race:1")).resolveSibling("rootfs").resolve("bin/tool"))
                    .as("rootfs and sidecar come from the same build").hasContent("builder " + builder);
        }
    }

    @Nested
    class Containment {
        @Test
        void hostileReferencesStayInsideTheRoot() throws IOException {
            List<String> references = List.of("a" + "/b".repeat(120), "x:" + "T".repeat(128),
                    "localhost:5000/con:aux", "registry.example.com:443/" + "p".repeat(200) + "@sha512:" + "f".repeat(128),
                    "nul", "a.b/c..d:e");
            for (String text : references) {
                Throwable failure = catchThrowable(() -> store.write(Sidecars.of(text)));
                if (failure != null) {
                    assertThat(failure).as(text).isInstanceOf(ImageStoreException.class);
                }
            }
            try (Stream<Path> everything = Files.walk(root)) {
                assertThat(everything.map(Path::normalize)).allSatisfy(path -> assertThat(path).startsWith(root));
            }
            for (LocalImageMetadata listed : store.list()) {
                assertThat(store.read(listed.imageReference())).contains(listed);
            }
        }
    }
}
