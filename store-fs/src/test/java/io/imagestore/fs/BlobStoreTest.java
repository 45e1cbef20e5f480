package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    private static final byte[] CONTENT = "a layer's bytes\n".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(CONTENT);

    @TempDir
    Path root;

    private FsLocalImageStore store;

    @BeforeEach
    void open() {
        store = FsLocalImageStore.open(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Path tmp() {
        return store.blobs().directory().resolve(BlobStore.TEMP_DIRECTORY);
    }

    private List<Path> tempFiles() throws IOException {
        if (Files.notExists(tmp())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp())) {
            return files.toList();
        }
    }

    @Test
    void aCommittedBlobIsStoredUnderItsDigestAndReadBack() throws IOException {
        assertThat(store.blobs().contains(DIGEST)).isFalse();
        Path stored;
        try (BlobStore.Writer writer = store.blobs().create(DIGEST, CONTENT.length)) {
            writer.write(CONTENT, 0, 4);
            assertThat(writer.bytesWritten()).isEqualTo(4);
            writer.write(CONTENT, 4, CONTENT.length - 4);
            stored = writer.commit();
        }
        assertThat(stored).isEqualTo(root.toRealPath().resolve(".imagestore/blobs/sha256/" + DIGEST.hex()));
        assertThat(store.blobs().find(DIGEST)).contains(stored);
        try (InputStream in = store.blobs().open(DIGEST)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        assertThat(store.blobs().list()).containsExactly(DIGEST);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void writingAnExistingBlobAgainIsFine() throws IOException {
        for (int i = 0; i < 2; i++) {
            try (BlobStore.Writer writer = store.blobs().create(DIGEST, -1)) {
                writer.write(CONTENT);
                writer.commit();
            }
        }
        assertThat(store.blobs().list()).containsExactly(DIGEST);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aDigestMismatchStoresNothingAndNamesBothDigests() throws IOException {
        Digest other = Digest.sha256(new byte[] {1});
        try (BlobStore.Writer writer = store.blobs().create(other, CONTENT.length)) {
            writer.write(CONTENT);
            assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
                    .hasMessageContaining(other.toString()).hasMessageContaining(DIGEST.toString());
        }
        assertThat(store.blobs().contains(other)).isFalse();
        assertThat(store.blobs().contains(DIGEST)).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aShortOrLongBlobIsRefused() throws IOException {
        try (BlobStore.Writer writer = store.blobs().create(DIGEST, CONTENT.length + 1)) {
            writer.write(CONTENT);
            assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
                    .hasMessageContaining(CONTENT.length + " bytes");
        }
        try (BlobStore.Writer writer = store.blobs().create(DIGEST, CONTENT.length - 1)) {
            assertThatThrownBy(() -> writer.write(CONTENT)).isInstanceOf(IOException.class)
                    .hasMessageContaining("longer than its declared size");
        }
        assertThat(store.blobs().contains(DIGEST)).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aBlobOfUnknownDigestIsStoredUnderWhatWasWritten() throws IOException {
        try (BlobStore.Writer writer = store.blobs().create()) {
            writer.write(CONTENT);
            assertThat(writer.path()).hasBinaryContent(CONTENT);
            assertThat(writer.digest()).isEmpty();
            writer.commit();
            assertThat(writer.digest()).contains(DIGEST);
        }
        assertThat(store.blobs().contains(DIGEST)).isTrue();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void closingWithoutCommitDeletesWhatWasWritten() throws IOException {
        try (BlobStore.Writer writer = store.blobs().create(DIGEST, CONTENT.length)) {
            writer.write(CONTENT, 0, 3);
            assertThat(tempFiles()).hasSize(2);
        }
        assertThat(tempFiles()).isEmpty();
        assertThat(store.blobs().contains(DIGEST)).isFalse();
    }

    @Test
    void recoveryDeletesTheTempFilesOfDeadWritersAndLeavesLiveOnes() throws IOException {
        Files.createDirectories(tmp());
        Files.write(tmp().resolve("00000000000000aa.data"), CONTENT);
        Files.createFile(tmp().resolve("00000000000000aa.lock"));
        Files.write(tmp().resolve("00000000000000bb.data"), CONTENT);
        try (BlobStore.Writer live = store.blobs().create(DIGEST, CONTENT.length)) {
            live.write(CONTENT);
            try (FsLocalImageStore again = FsLocalImageStore.open(root)) {
                assertThat(tempFiles()).hasSize(2);
                assertThat(again.blobs().recover(true)).isEmpty();
            }
            live.commit();
        }
        assertThat(tempFiles()).isEmpty();
        assertThat(store.blobs().contains(DIGEST)).isTrue();
    }

    private Path storeBlob(byte[] content, java.time.Instant modified) throws IOException {
        Path path;
        try (BlobStore.Writer writer = store.blobs().create()) {
            writer.write(content);
            path = writer.commit();
        }
        Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.from(modified));
        return path;
    }

    @Test
    void pruneRemovesOldBlobsNoManifestNamesAndKeepsTheOthers() throws IOException {
        java.time.Instant old = java.time.Instant.now().minus(java.time.Duration.ofDays(2));
        byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
        byte[] unused = "unused".getBytes(StandardCharsets.UTF_8);
        storeBlob(layer, old);
        Path unusedPath = storeBlob(unused, old);
        Path fresh = storeBlob("fresh".getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
        byte[] manifest = ("{\"schemaVersion\":2,\"layers\":[{\"digest\":\"" + Digest.sha256(layer) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        Path manifestBlob = storeBlob(manifest, old);
        try (ImageBuild build = store.beginBuild(ImageReference.parse("uses:1"))) {
            build.writeFile(ImageBuild.MANIFEST_FILE, manifest);
            build.commit(LocalImageMetadata.of("uses:1", "linux", "amd64"));
        }
        io.imagestore.api.PruneResult dry = store.prune(io.imagestore.api.PruneOptions.defaults().withDryRun(true));
        assertThat(dry.deleted()).containsExactly(".imagestore/blobs/sha256/" + Digest.sha256(unused).hex());
        assertThat(unusedPath).exists();

        io.imagestore.api.PruneResult pruned = store.prune(io.imagestore.api.PruneOptions.defaults());
        assertThat(pruned.bytesReclaimed()).isEqualTo(unused.length);
        assertThat(unusedPath).doesNotExist();
        assertThat(store.blobs().contains(Digest.sha256(layer))).isTrue();
        assertThat(manifestBlob).exists();
        assertThat(fresh).as("younger than the grace period").exists();
    }

    @Test
    void pruneLeavesBlobsAloneWhileALoadRetainsThem() throws IOException {
        Path unused = storeBlob("unused".getBytes(StandardCharsets.UTF_8),
                java.time.Instant.now().minus(java.time.Duration.ofDays(2)));
        Thread loader;
        try (BlobStore.Retention retained = store.blobs().retain()) {
            java.util.concurrent.atomic.AtomicReference<io.imagestore.api.PruneResult> result =
                    new java.util.concurrent.atomic.AtomicReference<>();
            loader = new Thread(() -> result.set(store.prune(io.imagestore.api.PruneOptions.defaults())));
            loader.start();
            try {
                loader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(result.get().deleted()).isEmpty();
        }
        assertThat(unused).exists();
    }

    @Test
    void fsckReportsACorruptBlobAndRepairRemovesIt() throws IOException {
        Path path = storeBlob(CONTENT, java.time.Instant.now());
        Files.write(path, "tampered".getBytes(StandardCharsets.UTF_8));
        FsckReport report = store.fsck(false);
        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(FsckReport.Kind.CORRUPT_BLOB);
            assertThat(finding.detail()).contains(Digest.sha256("tampered".getBytes(StandardCharsets.UTF_8)).toString());
            assertThat(finding.repaired()).isFalse();
        });
        assertThat(store.fsck(true).findings()).singleElement().satisfies(finding ->
                assertThat(finding.repaired()).isTrue());
        assertThat(path).doesNotExist();
        assertThat(store.fsck(false).clean()).isTrue();
    }

    @Test
    void aBuildKeepsItsConfigAndManifestBesideTheRootfs() throws IOException {
        ImageReference reference = ImageReference.parse("loaded:1");
        try (ImageBuild build = store.beginBuild(reference)) {
            build.writeFile(ImageBuild.IMAGE_CONFIG_FILE, "{\"os\":\"linux\",\"architecture\":\"arm64\"}"
                    .getBytes(StandardCharsets.UTF_8));
            build.writeFile(ImageBuild.MANIFEST_FILE, CONTENT);
            assertThatThrownBy(() -> build.writeFile("metadata.json", CONTENT))
                    .isInstanceOf(IllegalArgumentException.class);
            build.commit(LocalImageMetadata.of("loaded:1", "linux", "arm64"));
            assertThatThrownBy(() -> build.writeFile(ImageBuild.MANIFEST_FILE, CONTENT))
                    .isInstanceOf(IllegalStateException.class);
        }
        Path directory = store.imageDirectory(reference);
        assertThat(directory.resolve("manifest.json")).hasBinaryContent(CONTENT);
        assertThat(directory.resolve("image-config.json")).exists();

        ImageReference tagged = ImageReference.parse("loaded:2");
        store.tag(reference, tagged);
        assertThat(store.imageDirectory(tagged).resolve("manifest.json")).as("a tag saves alike")
                .hasBinaryContent(CONTENT);
        store.writeImageFile(tagged, ImageBuild.MANIFEST_FILE, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(store.imageDirectory(tagged).resolve("manifest.json")).hasContent("{}");
        assertThat(directory.resolve("manifest.json")).as("the copy is independent").hasBinaryContent(CONTENT);
        assertThatThrownBy(() -> store.writeImageFile(ImageReference.parse("missing:1"), ImageBuild.MANIFEST_FILE,
                CONTENT)).isInstanceOf(io.imagestore.api.ImageNotFoundException.class);
    }
}
