package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.fs.FsckReport.Finding;
import io.imagestore.fs.FsckReport.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            assertThat(corrupt).exists();

            FsckReport repaired = store.fsck(true);
            assertThat(repaired.findings()).filteredOn(Finding::repaired).extracting(Finding::path)
                    .containsExactlyInAnyOrder(root.resolve(".imagestore/trash/0000000000000011"), corrupt, incomplete,
                            temp, link);
            assertThat(corrupt).doesNotExist();
            assertThat(incomplete).doesNotExist();
            assertThat(temp).doesNotExist();
            assertThat(link).doesNotExist();
            assertThat(outside).exists();
            assertThat(misplaced.resolve("metadata.json")).exists();
            assertThat(store.read(ImageReference.parse("good"))).isPresent();

            FsckReport after = store.fsck(false);
            assertThat(after.findings()).extracting(Finding::kind).containsExactly(Kind.NAME_MISMATCH);
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
