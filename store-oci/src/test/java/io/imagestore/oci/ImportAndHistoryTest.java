package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.ImageHistoryEntryDto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportAndHistoryTest extends StoreTestCase {
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ImageReference REF = ImageReference.parse("imported/rootfs");

    private UnpackedImage importBytes(byte[] tarball, UnpackOptions options) throws IOException {
        return ImageImporter.importTarball(store, new ByteArrayInputStream(tarball), "rootfs.tar.gz", REF,
                Platform.parse("linux/arm64"), options, ProgressListener.NONE, CLOCK);
    }

    @Test
    void aCompressedRootfsTarballBecomesAOneLayerImageWhoseIdIsItsConfigDigest() throws IOException {
        byte[] tarball = TestLayers.gzip(TestLayers.layer().dir("etc/", 0755).file("etc/issue", "imported\n").tar());
        UnpackedImage image = importBytes(tarball, UnpackOptions.defaults());
        assertThat(image.reference().tag()).contains("latest");
        assertThat(store.imageDirectory(REF).resolve("rootfs/etc/issue")).hasContent("imported");
        byte[] config = Files.readAllBytes(store.imageDirectory(REF).resolve(ImageBuild.IMAGE_CONFIG_FILE));
        assertThat(image.configDigest()).isEqualTo(Digest.sha256(config));
        assertThat(ImageConfig.parse(config).platform()).isEqualTo(Platform.parse("linux/arm64"));
        LocalImageMetadata metadata = store.read(REF).orElseThrow();
        assertThat(metadata.platform()).isEqualTo(Platform.parse("linux/arm64"));
        assertThat(metadata.createdInstant()).contains(NOW);
        assertThat(store.blobs().contains(Digest.sha256(tarball))).isTrue();

        List<ImageHistoryEntryDto> history = ImageHistory.of(store, REF);
        assertThat(history).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(image.configDigest().toString());
            assertThat(row.createdBy()).startsWith("imagestore import");
            assertThat(row.created()).isEqualTo(NOW.getEpochSecond());
            assertThat(row.size()).isEqualTo(tarball.length);
            assertThat(row.tags()).containsExactly("imported/rootfs:latest");
        });
    }

    @Test
    void withoutKeptBlobsNothingStaysInTheBlobArea() throws IOException {
        importBytes(TestLayers.layer().file("f", "x").tar(), UnpackOptions.defaults().withKeepBlobs(false));
        assertThat(store.imageDirectory(REF).resolve("rootfs/f")).hasContent("x");
        assertThat(store.blobs().directory().resolve("sha256")).isEmptyDirectory();
        assertThat(store.blobs().directory().resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aTarballThatIsNoTarLeavesNothing() throws IOException {
        byte[] junk = "definitely not a tar archive; ".repeat(40).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importBytes(TestLayers.gzip(junk), UnpackOptions.defaults()))
                .isInstanceOf(OciFormatException.class);
        assertThat(store.list()).isEmpty();
        assertThat(names(root.resolve(".imagestore/staging"))).isEmpty();
        assertThat(store.blobs().directory().resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void historyIsNewestFirstWithLayerSizesAndEmptySteps() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.GZIP, TestLayers.layer().file("a", "a").tar(),
                TestLayers.layer().file("b", "bb").tar());
        ImageReference reference = ImageReference.parse("hist:1");
        UnpackedImage unpacked = ImageUnpacker.unpack(store, reference, image.manifest, image.config,
                image.source(), UnpackOptions.defaults(), ProgressListener.NONE);
        List<Descriptor> layers = image.parsedManifest().layers();
        List<ImageHistoryEntryDto> history = ImageHistory.of(store, reference);
        assertThat(history).extracting(ImageHistoryEntryDto::createdBy).containsExactly("test layer 2", "test layer 1");
        assertThat(history).extracting(ImageHistoryEntryDto::size).containsExactly(layers.get(1).size(),
                layers.get(0).size());
        assertThat(history).extracting(ImageHistoryEntryDto::id).containsExactly(unpacked.configDigest().toString(),
                ImageHistory.MISSING);
    }

    @Test
    void aLocallyBuiltImageHasOneRowFromItsSidecar() throws IOException {
        ImageReference reference = ImageReference.parse("built:1");
        try (ImageBuild build = store.beginBuild(reference)) {
            build.commit(LocalImageMetadata.of("built:1", "darwin", "arm64").withSize(42)
                    .withCreated("2024-01-01T00:00:00Z"));
        }
        assertThat(ImageHistory.of(store, reference)).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(ImageHistory.MISSING);
            assertThat(row.size()).isEqualTo(42);
            assertThat(row.created()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond());
        });
    }

    @Test
    void anImportRequestNamesRepoAndTagDefaultingToLatest() throws IOException {
        assertThat(ImageImporter.referenceOf(new io.imagestore.api.wire.ImportImageRequest(
                java.util.Optional.of("myapp"), java.util.Optional.empty())).canonical())
                .isEqualTo("docker.io/library/myapp:latest");
        assertThat(ImageImporter.referenceOf(new io.imagestore.api.wire.ImportImageRequest(
                java.util.Optional.of("ghcr.io/acme/base"), java.util.Optional.of("v1"))).canonical())
                .isEqualTo("ghcr.io/acme/base:v1");
        assertThatThrownBy(() -> ImageImporter.referenceOf(new io.imagestore.api.wire.ImportImageRequest(
                java.util.Optional.empty(), java.util.Optional.of("v1")))).isInstanceOf(IllegalArgumentException.class);
        UnpackedImage image = importBytes(TestLayers.layer().file("f", "x").tar(), UnpackOptions.defaults());
        assertThat(ImageImporter.response(image).id()).isEqualTo(image.configDigest().toString());
    }
}
