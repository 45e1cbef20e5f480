package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.CorruptSidecarPolicy;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageInUseException;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.ReferenceConflictException;
import io.imagestore.api.ResolvedPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsLocalImageStoreTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path root;

    private final Set<ImageReference> inUse = ConcurrentHashMap.newKeySet();
    private FsLocalImageStore store;

    @BeforeEach
    void open() {
        store = FsLocalImageStore.builder(root).clock(Clock.fixed(NOW, ZoneOffset.UTC)).inUse(inUse::contains).open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    private static LocalImageMetadata meta(String reference) {
        return LocalImageMetadata.of(reference, "darwin", "arm64").withSize(4096).withCreated("2024-05-01T10:00:00Z");
    }

    @Test
    void openCreatesTheRootAndItsBookkeeping() {
        Path nested = root.resolve("a/b/store");
        try (FsLocalImageStore other = FsLocalImageStore.open(nested)) {
            assertThat(other.root()).isDirectory();
            assertThat(nested.resolve(".imagestore/locks")).isDirectory();
            assertThat(nested.resolve(".imagestore/staging")).isDirectory();
            assertThat(nested.resolve(".imagestore/trash")).isDirectory();
        }
    }

    @Test
    void writeThenReadReturnsTheSameMetadataUnderAnySpelling() {
        LocalImageMetadata stored = store.write(meta("myapp:latest"));

        assertThat(stored).isEqualTo(meta("myapp:latest"));
        assertThat(store.read(ref("myapp"))).contains(stored);
        assertThat(store.read(ref("docker.io/library/myapp:latest"))).contains(stored);
        assertThat(root.resolve("docker.io+library+myapp=latest/metadata.json")).exists();
        assertThat(store.imageDirectory(ref("myapp")))
                .isEqualTo(store.root().resolve("docker.io+library+myapp=latest"));
    }

    @Test
    void writeRecordsTheClockAsCreatedWhenAbsent() {
        LocalImageMetadata stored = store.write(LocalImageMetadata.of("myapp", "linux", "amd64"));

        assertThat(stored.created()).contains("2025-01-02T03:04:05Z");
        assertThat(store.read(ref("myapp"))).contains(stored);
    }

    @Test
    void writeReplacesThePreviousSidecarAndLeavesNoTempFile() throws IOException {
        store.write(meta("myapp"));
        LocalImageMetadata second = store.write(meta("myapp").withSize(1));

        assertThat(store.read(ref("myapp"))).contains(second);
        try (var files = Files.list(store.imageDirectory(ref("myapp")))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metadata.json");
        }
    }

    @Test
    void writeRejectsAnInvalidReference() {
        assertThatThrownBy(() -> store.write(LocalImageMetadata.of("Bad/Name:x", "linux", "amd64")))
                .isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> store.write(LocalImageMetadata.of("../../etc", "linux", "amd64")))
                .isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void readOfAMissingImageIsEmpty() {
        assertThat(store.read(ref("nothing"))).isEmpty();
    }

    @Test
    void aCorruptSidecarFailsOnlyItsOwnImage() throws IOException {
        store.write(meta("good"));
        Path bad = Files.createDirectories(store.imageDirectory(ref("bad")));
        Files.writeString(bad.resolve("metadata.json"), "{\"reference\":");

        assertThatThrownBy(() -> store.read(ref("bad")))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(bad.resolve("metadata.json").toString());
        assertThat(store.read(ref("good"))).isPresent();
        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly("good");
    }

    @Test
    void aSidecarNamingAnotherReferenceIsAConflict() throws IOException {
        Path directory = Files.createDirectories(store.imageDirectory(ref("one")));
        Files.write(directory.resolve("metadata.json"), MetadataCodec.encode(meta("two")));

        assertThatThrownBy(() -> store.read(ref("one")))
                .isInstanceOf(ReferenceConflictException.class)
                .hasMessageContaining("docker.io/library/one:latest")
                .hasMessageContaining("two");
    }

    @Test
    void listIsSortedByCanonicalReferenceAndSkipsIncompleteImages() throws IOException {
        store.write(meta("zeta"));
        store.write(meta("ghcr.io/o/app:1"));
        store.write(meta("alpha"));
        Files.createDirectories(root.resolve("docker.io+library+incomplete=latest/rootfs"));
        Files.writeString(root.resolve("stray-file"), "x");

        assertThat(store.list()).extracting(LocalImageMetadata::reference)
                .containsExactly("alpha", "zeta", "ghcr.io/o/app:1");
    }

    @Test
    void removeTakesTheImageAwayAndEmptiesTheTrash() throws IOException {
        store.write(meta("myapp"));
        Files.createDirectories(store.imageDirectory(ref("myapp")).resolve("rootfs/bin"));

        store.remove(ref("myapp"), false);

        assertThat(store.read(ref("myapp"))).isEmpty();
        assertThat(store.imageDirectory(ref("myapp"))).doesNotExist();
        try (var trash = Files.list(root.resolve(".imagestore/trash"))) {
            assertThat(trash).isEmpty();
        }
    }

    @Test
    void removeOfAMissingImageIsNotFound() {
        assertThatThrownBy(() -> store.remove(ref("nothing"), true)).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void removeRefusesAnImageInUseUnlessForced() {
        store.write(meta("busy"));
        inUse.add(ref("busy"));

        assertThatThrownBy(() -> store.remove(ref("busy"), false)).isInstanceOf(ImageInUseException.class);
        assertThat(store.read(ref("busy"))).isPresent();

        store.remove(ref("busy"), true);
        assertThat(store.read(ref("busy"))).isEmpty();
    }

    @Test
    void tagMakesAnIndependentImageWithHardLinkedRootfs() throws IOException {
        store.write(meta("src:1"));
        Path rootfs = Files.createDirectories(store.imageDirectory(ref("src:1")).resolve("rootfs/bin"));
        Files.writeString(rootfs.resolve("sh"), "#!binary");
        Files.createSymbolicLink(rootfs.resolve("link"), Path.of("sh"));

        LocalImageMetadata tagged = store.tag(ref("src:1"), ref("dst:2"));

        assertThat(tagged).isEqualTo(meta("src:1").withReference("dst:2"));
        assertThat(store.read(ref("dst:2"))).contains(tagged);
        Path copy = store.imageDirectory(ref("dst:2")).resolve("rootfs/bin");
        assertThat(copy.resolve("sh")).hasContent("#!binary");
        assertThat(Files.isSameFile(copy.resolve("sh"), rootfs.resolve("sh"))).isTrue();
        assertThat(Files.readSymbolicLink(copy.resolve("link"))).isEqualTo(Path.of("sh"));

        store.remove(ref("src:1"), false);
        assertThat(copy.resolve("sh")).hasContent("#!binary");
    }

    @Test
    void tagReplacesAnExistingTarget() throws IOException {
        store.write(meta("src"));
        store.write(meta("dst").withSize(1));
        Files.createDirectories(store.imageDirectory(ref("dst")).resolve("rootfs/old"));

        store.tag(ref("src"), ref("dst"));

        assertThat(store.read(ref("dst")).orElseThrow().size()).hasValue(4096);
        assertThat(store.imageDirectory(ref("dst")).resolve("rootfs/old")).doesNotExist();
    }

    @Test
    void tagOfAMissingSourceIsNotFoundAndLeavesNothing() throws IOException {
        assertThatThrownBy(() -> store.tag(ref("nothing"), ref("dst"))).isInstanceOf(ImageNotFoundException.class);
        assertThat(store.read(ref("dst"))).isEmpty();
        try (var staging = Files.list(root.resolve(".imagestore/staging"))) {
            assertThat(staging).isEmpty();
        }
    }

    @Test
    void buildIsInvisibleUntilCommittedThenAppearsWhole() throws IOException {
        try (ImageBuild build = store.beginBuild(ref("built:1"))) {
            assertThat(build.rootfs()).isDirectory();
            Files.writeString(build.rootfs().resolve("hello"), "world");
            assertThat(store.read(ref("built:1"))).isEmpty();
            assertThat(store.imageDirectory(ref("built:1"))).doesNotExist();

            LocalImageMetadata stored = build.commit(meta("built:1"));

            assertThat(store.read(ref("built:1"))).contains(stored);
            assertThat(store.imageDirectory(ref("built:1")).resolve("rootfs/hello")).hasContent("world");
            assertThatThrownBy(() -> build.commit(meta("built:1"))).isInstanceOf(IllegalStateException.class);
        }
        try (var staging = Files.list(root.resolve(".imagestore/staging"))) {
            assertThat(staging).isEmpty();
        }
    }

    @Test
    void buildCommitReplacesTheOldImageWhole() throws IOException {
        store.write(meta("app"));
        Files.createDirectories(store.imageDirectory(ref("app")).resolve("rootfs/old"));
        try (ImageBuild build = store.beginBuild(ref("app"))) {
            Files.createDirectory(build.rootfs().resolve("new"));
            build.commit(meta("app").withSize(7));
        }
        assertThat(store.read(ref("app")).orElseThrow().size()).hasValue(7);
        assertThat(store.imageDirectory(ref("app")).resolve("rootfs/new")).isDirectory();
        assertThat(store.imageDirectory(ref("app")).resolve("rootfs/old")).doesNotExist();
    }

    @Test
    void closingABuildWithoutCommitDiscardsIt() throws IOException {
        Path rootfs;
        try (ImageBuild build = store.beginBuild(ref("abandoned"))) {
            rootfs = build.rootfs();
            Files.writeString(rootfs.resolve("file"), "x");
        }
        assertThat(rootfs).doesNotExist();
        assertThat(store.read(ref("abandoned"))).isEmpty();
        try (var staging = Files.list(root.resolve(".imagestore/staging"))) {
            assertThat(staging).isEmpty();
        }
    }

    @Test
    void commitOfAnotherReferenceIsAConflictAndTheBuildStaysUsable() throws IOException {
        try (ImageBuild build = store.beginBuild(ref("mine"))) {
            assertThatThrownBy(() -> build.commit(meta("theirs"))).isInstanceOf(ReferenceConflictException.class);
            build.commit(meta("mine"));
        }
        assertThat(store.read(ref("mine"))).isPresent();
        assertThat(store.read(ref("theirs"))).isEmpty();
    }

    @Test
    void resolvePlatformPrefersTheSidecar() {
        store.write(LocalImageMetadata.of("mac", "macOS", "aarch64"));

        assertThat(store.resolvePlatform(ref("mac")))
                .isEqualTo(ResolvedPlatform.of(Platform.parse("darwin/arm64"), PlatformSource.SIDECAR));
    }

    @Test
    void resolvePlatformFallsBackToTheDirectoryAndFailsWithoutOne() throws IOException {
        Files.createDirectories(store.imageDirectory(ref("legacy")).resolve("rootfs"));

        assertThat(store.resolvePlatform(ref("legacy")).source()).isNotEqualTo(PlatformSource.SIDECAR);
        assertThatThrownBy(() -> store.resolvePlatform(ref("nothing"))).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void aCorruptSidecarFailsResolutionUnlessTheCallerAsksForDetection() throws IOException {
        Path sidecar = store.imageDirectory(ref("broken")).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        Files.createDirectories(sidecar.resolveSibling("rootfs"));
        Files.writeString(sidecar, "{\"reference\": tru");
        Files.writeString(store.imageDirectory(ref("broken")).resolve("image-config.json"),
                "{\"os\":\"linux\",\"architecture\":\"arm64\"}");

        assertThatThrownBy(() -> store.resolvePlatform(ref("broken"))).isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(sidecar.toString());
        assertThatThrownBy(() -> store.resolvePlatform(ref("broken"), CorruptSidecarPolicy.FAIL))
                .isInstanceOf(CorruptMetadataException.class);
        assertThat(store.resolvePlatform(ref("broken"), CorruptSidecarPolicy.DETECT_FROM_FILES))
                .isEqualTo(ResolvedPlatform.of(Platform.parse("linux/arm64"), PlatformSource.IMAGE_CONFIG));
    }

    @Test
    void aSidecarNamingNoValidPlatformIsCorruptToo() throws IOException {
        store.write(LocalImageMetadata.of("weird", "", "arm64"));
        Path sidecar = store.imageDirectory(ref("weird")).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);

        assertThatThrownBy(() -> store.resolvePlatform(ref("weird"))).isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(sidecar.toString()).hasMessageContaining("names no valid platform");
        assertThat(store.resolvePlatform(ref("weird"), CorruptSidecarPolicy.DETECT_FROM_FILES).source())
                .isEqualTo(PlatformSource.UNKNOWN);
    }

    @Test
    void measureRootfsCountsRegularFilesOnceAndFollowsNoLinks() throws IOException {
        store.write(meta("sized"));
        Path rootfs = Files.createDirectories(store.imageDirectory(ref("sized")).resolve("rootfs"));
        Files.write(rootfs.resolve("a"), new byte[100]);
        Files.createLink(rootfs.resolve("a-link"), rootfs.resolve("a"));
        Files.write(Files.createDirectory(rootfs.resolve("d")).resolve("b"), new byte[23]);
        Path outside = Files.write(root.resolve("outside.bin"), new byte[5000]);
        Files.createSymbolicLink(rootfs.resolve("out"), outside);

        assertThat(store.measureRootfs(ref("sized"))).isEqualTo(123);
        assertThatThrownBy(() -> store.measureRootfs(ref("nothing"))).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void readServesTheCacheUntilTheSidecarChanges() throws IOException {
        store.write(meta("cached"));
        LocalImageMetadata first = store.read(ref("cached")).orElseThrow();
        Path sidecar = store.imageDirectory(ref("cached")).resolve("metadata.json");
        Path replacement = sidecar.resolveSibling("replacement");
        Files.write(replacement, meta("cached").withSize(99).toString().getBytes(StandardCharsets.UTF_8));
        Files.move(replacement, sidecar, StandardCopyOption.ATOMIC_MOVE);

        assertThat(store.read(ref("cached")).orElseThrow()).isNotEqualTo(first);
        assertThat(store.read(ref("cached")).orElseThrow().size()).hasValue(99);
    }

    @Test
    void operationsAfterCloseFail() {
        store.close();
        assertThatThrownBy(() -> store.read(ref("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void durabilityNoneStillWritesAtomically() {
        try (FsLocalImageStore fast = FsLocalImageStore.builder(root).durability(Durability.NONE).open()) {
            fast.write(meta("fast"));
            assertThat(fast.read(ref("fast"))).contains(meta("fast"));
        }
    }
}
