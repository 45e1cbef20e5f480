package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.PruneOptions;
import io.imagestore.fs.FsckReport.Finding;
import io.imagestore.fs.FsckReport.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsckTest {
    @TempDir
    Path root;

    private static LocalImageMetadata meta(String reference) {
        return LocalImageMetadata.of(reference, "linux", "amd64");
    }

    @Test
    void aHealthyStoreIsClean() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(meta("a"));
            store.write(meta("b"));
            Files.writeString(root.resolve("README"), "not an image");

            FsckReport report = store.fsck(false);

            assertThat(report.clean()).isTrue();
            assertThat(report.imagesChecked()).isEqualTo(2);
        }
    }

    @Test
    void findsEveryKindOfProblemAndRepairsOnlyWhatCanNeverBeGood() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(meta("good"));
            Path corrupt = Files.createDirectories(store.imageDirectory(ImageReference.parse("corrupt")));
            Files.writeString(corrupt.resolve("metadata.json"), "not json");
            Files.createDirectories(corrupt.resolve("rootfs"));
            Path incomplete = Files.createDirectories(root.resolve("docker.io+library+half=latest/rootfs")).getParent();
            Path misplaced = Files.createDirectories(root.resolve("docker.io+library+elsewhere=latest"));
            Files.write(misplaced.resolve("metadata.json"), MetadataCodec.encode(meta("other")));
            Path temp = Files.writeString(store.imageDirectory(ImageReference.parse("good"))
                    .resolve("metadata.json.tmp-00000000000000ff"), "{");
            Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
            Path link = Files.createSymbolicLink(root.resolve("docker.io+library+link=latest"), outside);
            Files.createDirectories(root.resolve(".imagestore/trash/0000000000000011"));

            FsckReport found = store.fsck(false);
            assertThat(found.findings()).extracting(Finding::kind).containsExactlyInAnyOrder(Kind.STALE_TRASH,
                    Kind.CORRUPT_SIDECAR, Kind.INCOMPLETE_IMAGE, Kind.NAME_MISMATCH, Kind.STALE_TEMP_FILE,
                    Kind.CORRUPT_SIDECAR);
            assertThat(found.findings()).noneMatch(Finding::repaired);
            assertThat(found.findings()).filteredOn(finding -> finding.path().equals(corrupt)).singleElement()
                    .satisfies(finding -> assertThat(finding.repair()).hasValueSatisfying(
                            repair -> assertThat(repair).startsWith("set it aside")));
            assertThat(corrupt.resolve("metadata.json")).hasContent("not json");

            FsckReport repaired = store.fsck(true);
            assertThat(repaired.findings()).filteredOn(Finding::repaired).extracting(Finding::path)
                    .containsExactlyInAnyOrder(root.resolve(".imagestore/trash/0000000000000011"), corrupt, incomplete,
                            temp, link);
            assertThat(corrupt.resolve("rootfs")).as("repair never deletes a rootfs").isDirectory();
            assertThat(setAside(corrupt)).hasContent("not json");
            assertThat(corrupt.resolve("metadata.json")).doesNotExist();
            assertThat(incomplete).doesNotExist();
            assertThat(temp).doesNotExist();
            assertThat(link).doesNotExist();
            assertThat(outside).exists();
            assertThat(misplaced.resolve("metadata.json")).exists();
            assertThat(store.read(ImageReference.parse("good"))).isPresent();

            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
            assertThat(corrupt.resolve("rootfs")).as("nor does prune, after").isDirectory();
            FsckReport after = store.fsck(true);
            assertThat(after.findings()).extracting(Finding::kind).containsExactlyInAnyOrder(Kind.NAME_MISMATCH,
                    Kind.INCOMPLETE_IMAGE);
            assertThat(after.findings()).filteredOn(finding -> finding.kind() == Kind.INCOMPLETE_IMAGE).singleElement()
                    .satisfies(finding -> assertThat(finding.detail()).contains("imagestore write corrupt:latest"));
            assertThat(corrupt.resolve("rootfs")).isDirectory();
        }
    }

    private static Path setAside(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("metadata.json.damaged-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no set-aside sidecar in " + directory));
        }
    }

    /** Plants a damaged sidecar of one shape in {@code directory}. */
    private interface Damage {
        void plant(Path sidecar) throws IOException;
    }

    private static void fifo(Path path) throws IOException {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            assertThat(mkfifo.waitFor()).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void repairRebuildsOrSetsAsideEveryShapeOfDamagedSidecarAndNeverDeletesTheRootfs() throws IOException {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-target"), "outside");
        Map<String, Damage> shapes = Map.of(
                "corrupt", sidecar -> Files.writeString(sidecar, "{\"reference\": tru"),
                "empty", sidecar -> Files.createFile(sidecar),
                "oversized", sidecar -> Files.write(sidecar, new byte[MetadataCodec.MAX_BYTES + 1]),
                "symlink", sidecar -> Files.createSymbolicLink(sidecar, outside),
                "fifo", FsckTest::fifo,
                "directory", Files::createDirectory);
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            for (Map.Entry<String, Damage> shape : shapes.entrySet()) {
                for (boolean withConfig : new boolean[] {true, false}) {
                    ImageReference reference = ImageReference.parse(shape.getKey() + ":" + withConfig);
                    Path directory = Files.createDirectories(store.imageDirectory(reference).resolve("rootfs"))
                            .getParent();
                    Files.writeString(directory.resolve("rootfs/file"), "acknowledged");
                    if (withConfig) {
                        Files.writeString(directory.resolve("image-config.json"),
                                "{\"os\":\"linux\",\"architecture\":\"arm64\"}");
                    }
                    shape.getValue().plant(directory.resolve("metadata.json"));
                }
            }

            FsckReport planned = store.fsck(false);
            assertThat(planned.findings()).hasSize(2 * shapes.size()).noneMatch(Finding::repaired)
                    .allSatisfy(finding -> assertThat(finding.repair()).isPresent());
            assertThat(planned.findings()).filteredOn(finding -> finding.path().getFileName().toString().endsWith("true"))
                    .allSatisfy(finding -> assertThat(finding.repair().orElseThrow())
                            .contains("linux/arm64 (from image config)"));
            FsckReport repaired = store.fsck(true);
            assertThat(repaired.findings()).filteredOn(finding -> finding.kind() == Kind.CORRUPT_SIDECAR)
                    .hasSize(2 * shapes.size()).allMatch(Finding::repaired);
            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));

            for (String shape : shapes.keySet()) {
                ImageReference configured = ImageReference.parse(shape + ":true");
                assertThat(store.read(configured)).as(shape).hasValueSatisfying(metadata -> {
                    assertThat(metadata.os()).isEqualTo("linux");
                    assertThat(metadata.architecture()).isEqualTo("arm64");
                });
                for (ImageReference reference : List.of(configured, ImageReference.parse(shape + ":false"))) {
                    Path directory = store.imageDirectory(reference);
                    assertThat(directory.resolve("rootfs/file")).as(shape).hasContent("acknowledged");
                    assertThat(Files.exists(setAside(directory), LinkOption.NOFOLLOW_LINKS)).as(shape).isTrue();
                }
                assertThat(store.read(ImageReference.parse(shape + ":false"))).as(shape).isEmpty();
            }
            assertThat(outside).hasContent("outside");
        }
    }

    @Test
    void rmRemovesAnImageWhoseSidecarIsDamagedAndNeverALinksTarget() throws IOException {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-rm-target"), "outside");
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            ImageReference linked = ImageReference.parse("linked:1");
            ImageReference piped = ImageReference.parse("piped:1");
            ImageReference corrupt = ImageReference.parse("corrupt:1");
            Files.createSymbolicLink(Files.createDirectories(store.imageDirectory(linked)).resolve("metadata.json"),
                    outside);
            fifo(Files.createDirectories(store.imageDirectory(piped)).resolve("metadata.json"));
            Files.writeString(Files.createDirectories(store.imageDirectory(corrupt)).resolve("metadata.json"), "{");

            store.remove(linked, false);
            store.remove(piped, true);
            store.remove(corrupt, false);

            for (ImageReference reference : List.of(linked, piped, corrupt)) {
                assertThat(store.imageDirectory(reference)).doesNotExist();
            }
            assertThat(outside).hasContent("outside");
        }
    }

    @Test
    void aWriteReplacesASidecarThatIsALinkOrAFifoSettingItAside() throws IOException {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-write-target"), "outside");
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            Path linked = Files.createDirectories(store.imageDirectory(ImageReference.parse("linked:1")));
            Files.createSymbolicLink(linked.resolve("metadata.json"), outside);
            Path piped = Files.createDirectories(store.imageDirectory(ImageReference.parse("piped:1")));
            fifo(piped.resolve("metadata.json"));

            store.write(meta("linked:1"));
            store.write(meta("piped:1"));

            assertThat(store.read(ImageReference.parse("linked:1"))).isPresent();
            assertThat(store.read(ImageReference.parse("piped:1"))).isPresent();
            assertThat(Files.isSymbolicLink(setAside(linked))).isTrue();
            assertThat(Files.readAttributes(setAside(piped), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                    .isTrue();
            assertThat(outside).hasContent("outside");
        }
    }

    @Test
    void inTheZlayerLayoutDirectoriesWithoutASidecarAreOnlyReported() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).layout(Layout.ZLAYER).open()) {
            Path legacy = Files.createDirectories(root.resolve("myapp_latest/rootfs")).getParent();

            FsckReport report = store.fsck(true);

            assertThat(report.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.kind()).isEqualTo(Kind.INCOMPLETE_IMAGE);
                assertThat(finding.repaired()).isFalse();
                assertThat(finding.detail()).contains("imagestore write");
            });
            assertThat(legacy).exists();
        }
    }
}
