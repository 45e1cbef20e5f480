package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneTest {
    private static final Instant NOW = Instant.now();
    private static final FileTime LONG_AGO = FileTime.from(NOW.minus(Duration.ofHours(2)));

    @TempDir
    Path root;

    private FsLocalImageStore open(Set<ImageReference> inUse, Layout layout) {
        return FsLocalImageStore.builder(root).layout(layout).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .inUse(inUse::contains).open();
    }

    private static LocalImageMetadata meta(String reference) {
        return LocalImageMetadata.of(reference, "linux", "amd64");
    }

    @Test
    void leftoversYoungerThanTheGraceStay() throws IOException {
        try (FsLocalImageStore store = open(Set.of(), Layout.IMAGESTORE)) {
            Path incomplete = Files.createDirectories(root.resolve("docker.io+library+half=latest/rootfs"));

            assertThat(store.prune(PruneOptions.defaults())).isEqualTo(PruneResult.of(List.of(), 0));
            assertThat(incomplete).exists();
        }
    }

    @Test
    void oldIncompleteImagesAndTempFilesGoButCompleteOnesStay() throws IOException {
        try (FsLocalImageStore store = open(Set.of(), Layout.IMAGESTORE)) {
            store.write(meta("keep"));
            Path temp = Files.write(store.imageDirectory(ImageReference.parse("keep")).resolve("metadata.json.tmp-1"),
                    new byte[10]);
            Files.setLastModifiedTime(temp, LONG_AGO);
            Path incomplete = root.resolve("docker.io+library+half=latest");
            Path file = Files.write(Files.createDirectories(incomplete.resolve("rootfs")).resolve("f"), new byte[5]);
            for (Path path : List.of(file, file.getParent(), incomplete)) {
                Files.setLastModifiedTime(path, LONG_AGO);
            }
            Path foreign = Files.createDirectories(root.resolve("not-an-image-name"));
            Files.setLastModifiedTime(foreign, LONG_AGO);

            PruneResult result = store.prune(PruneOptions.defaults());

            assertThat(result.deleted()).containsExactlyInAnyOrder(
                    "docker.io+library+keep=latest/metadata.json.tmp-1", "docker.io+library+half=latest");
            assertThat(result.bytesReclaimed()).isEqualTo(15);
            assertThat(temp).doesNotExist();
            assertThat(incomplete).doesNotExist();
            assertThat(foreign).exists();
            assertThat(store.read(ImageReference.parse("keep"))).isPresent();
        }
    }

    @Test
    void anIncompleteImageWhoseRootfsIsStillBeingFilledStays() throws IOException {
        try (FsLocalImageStore store = open(Set.of(), Layout.IMAGESTORE)) {
            Path incomplete = root.resolve("docker.io+library+filling=latest");
            Path bin = Files.createDirectories(incomplete.resolve("rootfs/usr/bin"));
            for (Path path : List.of(bin, bin.getParent(), bin.getParent().getParent(), incomplete)) {
                Files.setLastModifiedTime(path, LONG_AGO);
            }
            Files.write(bin.resolve("tool"), new byte[3]);

            assertThat(store.prune(PruneOptions.defaults()).deleted()).isEmpty();
            assertThat(bin.resolve("tool")).exists();
        }
    }

    @Test
    void allUnusedRemovesEveryImageNotInUseAndADryRunRemovesNothing() throws IOException {
        try (FsLocalImageStore store = open(Set.of(ImageReference.parse("busy")), Layout.IMAGESTORE)) {
            store.write(meta("idle"));
            Files.write(Files.createDirectories(store.imageDirectory(ImageReference.parse("idle")).resolve("rootfs"))
                    .resolve("f"), new byte[7]);
            store.write(meta("busy"));
            PruneOptions all = PruneOptions.defaults().withAllUnused(true);

            PruneResult dry = store.prune(all.withDryRun(true));
            assertThat(dry.deleted()).containsExactly("docker.io/library/idle:latest");
            assertThat(store.list()).hasSize(2);

            PruneResult real = store.prune(all);
            assertThat(real.deleted()).containsExactly("docker.io/library/idle:latest");
            assertThat(real.bytesReclaimed()).isGreaterThanOrEqualTo(7);
            assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly("busy");
        }
    }

    @Test
    void theZlayerLayoutNeverPrunesDirectoriesWithoutASidecar() throws IOException {
        try (FsLocalImageStore store = open(Set.of(), Layout.ZLAYER)) {
            Path legacy = Files.createDirectories(root.resolve("myapp_latest/rootfs"));
            Files.setLastModifiedTime(legacy.getParent(), LONG_AGO);

            assertThat(store.prune(PruneOptions.defaults().withGrace(Duration.ZERO)).deleted()).isEmpty();
            assertThat(legacy).exists();
        }
    }

    @Test
    void deadStagingAndTrashArePrunedWhenOldEnough() throws IOException {
        try (FsLocalImageStore store = open(Set.of(), Layout.IMAGESTORE)) {
            Path build = Files.createDirectories(root.resolve(".imagestore/staging/00000000000000dd/image/rootfs"));
            Path trashed = Files.createDirectories(root.resolve(".imagestore/trash/00000000000000ee"));
            Files.setLastModifiedTime(build.getParent().getParent(), LONG_AGO);
            Files.setLastModifiedTime(trashed, LONG_AGO);

            PruneResult result = store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));

            assertThat(result.deleted()).containsExactly(".imagestore/staging/00000000000000dd",
                    ".imagestore/trash/00000000000000ee");
            assertThat(build).doesNotExist();
            assertThat(trashed).doesNotExist();
        }
    }
}
