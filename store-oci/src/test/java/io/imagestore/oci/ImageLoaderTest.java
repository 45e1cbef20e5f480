package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest extends StoreTestCase {
    private static final ImageReference NAME = ImageReference.parse("multi/app:2");

    @TempDir
    Path archives;

    private static void writeBlob(Path layout, byte[] content) throws IOException {
        Path path = layout.resolve("blobs/sha256/" + Digest.sha256(content).hex());
        Files.createDirectories(path.getParent());
        Files.write(path, content);
    }

    private static Descriptor addImage(Path layout, Platform platform, String marker) throws IOException {
        TestLayers.Image image = TestLayers.image(platform, Compression.GZIP,
                TestLayers.layer().file("platform", marker).tar());
        for (byte[] blob : image.blobs.values()) {
            writeBlob(layout, blob);
        }
        writeBlob(layout, image.manifest);
        return image.parsedManifest().descriptor().withPlatform(platform);
    }

    /** An OCI layout whose index.json names one nested index of an amd64 and an arm64 image. */
    private Path multiPlatformLayout() throws IOException {
        Path layout = archives.resolve("layout");
        Files.createDirectories(layout);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ImageIndex nested = ImageIndex.of(List.of(addImage(layout, Platform.parse("linux/amd64"), "amd64"),
                addImage(layout, Platform.parse("linux/arm64"), "arm64")), Map.of());
        writeBlob(layout, nested.toJson());
        Descriptor entry = Descriptor.of(MediaTypes.OCI_INDEX, nested.digest(), nested.toJson().length)
                .withAnnotations(Map.of("io.containerd.image.name", NAME.canonical(),
                        "org.opencontainers.image.ref.name", "2"));
        Files.write(layout.resolve("index.json"), ImageIndex.of(List.of(entry), Map.of()).toJson());
        return layout;
    }

    private String loadedPlatform() throws IOException {
        return Files.readString(store.imageDirectory(NAME).resolve("rootfs/platform"), StandardCharsets.UTF_8);
    }

    @Test
    void aNestedIndexGivesTheManifestOfThePlatformAskedFor() throws IOException {
        Path layout = multiPlatformLayout();
        ImageLoader.load(store, layout, LoadOptions.defaults().withPlatform(Platform.parse("linux/arm64")),
                ProgressListener.NONE);
        assertThat(loadedPlatform()).isEqualTo("arm64");
        assertThat(store.read(NAME).orElseThrow().platform()).isEqualTo(Platform.parse("linux/arm64"));
        ImageLoader.load(store, layout, LoadOptions.defaults().withPlatform(Platform.parse("linux/amd64")),
                ProgressListener.NONE);
        assertThat(loadedPlatform()).isEqualTo("amd64");
    }

    @Test
    void aPlatformTheIndexDoesNotOfferFailsNamingWhatItOffers() throws IOException {
        Path layout = multiPlatformLayout();
        assertThatThrownBy(() -> ImageLoader.load(store, layout,
                LoadOptions.defaults().withPlatform(Platform.parse("darwin/arm64")), ProgressListener.NONE))
                .isInstanceOf(NoMatchingPlatformException.class)
                .hasMessageContaining("darwin/arm64").hasMessageContaining("linux/amd64")
                .hasMessageContaining("linux/arm64");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aSinglePlatformImageOfAnotherPlatformIsRefusedOnlyWhenAPlatformIsAsked() throws IOException {
        Path layout = archives.resolve("single");
        Descriptor manifest = addImage(layout, Platform.parse("linux/s390x"), "s390x");
        Files.write(layout.resolve("index.json"), ImageIndex.of(List.of(Descriptor.of(manifest.mediaType(),
                manifest.digest(), manifest.size())), Map.of()).toJson());
        assertThatThrownBy(() -> ImageLoader.load(store, layout, LoadOptions.defaults().withName(NAME)
                .withPlatform(Platform.parse("linux/amd64")), ProgressListener.NONE))
                .isInstanceOf(NoMatchingPlatformException.class).hasMessageContaining("linux/s390x");
        ImageLoader.load(store, layout, LoadOptions.defaults().withName(NAME), ProgressListener.NONE);
        assertThat(loadedPlatform()).isEqualTo("s390x");
    }

    @Test
    void anUnnamedImageNeedsAName() throws IOException {
        Path layout = archives.resolve("unnamed");
        Descriptor manifest = addImage(layout, Platform.parse("linux/amd64"), "x");
        Files.write(layout.resolve("index.json"), ImageIndex.of(List.of(Descriptor.of(manifest.mediaType(),
                manifest.digest(), manifest.size())), Map.of()).toJson());
        assertThatThrownBy(() -> ImageLoader.load(store, layout, LoadOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("--tag");
    }

    @Test
    void aDockerArchiveLayerPathOutsideTheArchiveIsRefused() throws IOException {
        Path archive = archives.resolve("docker");
        TestLayers.Image image = TestLayers.image(Compression.NONE, TestLayers.layer().file("f", "x").tar());
        Files.createDirectories(archive);
        Files.write(archive.resolve("config.json"), image.config);
        Files.writeString(archive.resolve("manifest.json"), "[{\"Config\":\"config.json\",\"RepoTags\":[\"d:1\"],"
                + "\"Layers\":[\"../../etc/passwd\"]}]");
        assertThatThrownBy(() -> ImageLoader.load(store, archive, LoadOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("'..'");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aDockerArchiveWithGzipLayerFilesLoads() throws IOException {
        Path archive = archives.resolve("docker-gzip");
        byte[] tar = TestLayers.layer().file("f", "zipped").tar();
        TestLayers.Image image = TestLayers.image(Compression.NONE, tar);
        Files.createDirectories(archive.resolve("layer1"));
        Files.write(archive.resolve("layer1/layer.tar"), TestLayers.gzip(tar));
        Files.write(archive.resolve(Digest.sha256(image.config).hex() + ".json"), image.config);
        Files.writeString(archive.resolve("manifest.json"), "[{\"Config\":\"" + Digest.sha256(image.config).hex()
                + ".json\",\"RepoTags\":[\"d:1\",\"d:latest\"],\"Layers\":[\"layer1/layer.tar\"]}]");
        List<UnpackedImage> loaded = ImageLoader.load(store, archive, LoadOptions.defaults(), ProgressListener.NONE);
        assertThat(loaded).extracting(image2 -> image2.reference().familiar()).containsExactly("d:1", "d:latest");
        assertThat(store.imageDirectory(ImageReference.parse("d:latest")).resolve("rootfs/f")).hasContent("zipped");
        assertThat(ImageManifest.parse(Files.readAllBytes(store.imageDirectory(ImageReference.parse("d:1"))
                .resolve("manifest.json"))).layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    }

    @Test
    void aDockerArchiveConfigWhoseNameLiesIsRefused() throws IOException {
        Path archive = archives.resolve("docker-lie");
        TestLayers.Image image = TestLayers.image(Compression.NONE, TestLayers.layer().file("f", "x").tar());
        Files.createDirectories(archive);
        Files.write(archive.resolve("0".repeat(64) + ".json"), image.config);
        Files.writeString(archive.resolve("manifest.json"), "[{\"Config\":\"" + "0".repeat(64) + ".json\","
                + "\"RepoTags\":[\"d:1\"],\"Layers\":[]}]");
        assertThatThrownBy(() -> ImageLoader.load(store, archive, LoadOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("does not have the digest its name says");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aSavedArchiveCompressedWithZstdAsAWholeLoadsFromAStream() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.ZSTD, TestLayers.layer().file("z", "zstd layer").tar());
        ImageReference name = ImageReference.parse("zstd/app:1");
        ImageUnpacker.unpack(store, name, image.manifest, image.config, image.source(), UnpackOptions.defaults(),
                ProgressListener.NONE);
        Path saved = archives.resolve("saved.tar");
        ImageSaver.save(store, List.of(name), saved);
        store.remove(name, false);
        byte[] compressed = TestLayers.compress(Files.readAllBytes(saved), Compression.ZSTD);
        List<UnpackedImage> loaded = ImageLoader.load(store, new java.io.ByteArrayInputStream(compressed), "stdin",
                LoadOptions.defaults(), ProgressListener.NONE);
        assertThat(loaded).singleElement().satisfies(again -> {
            assertThat(again.reference()).isEqualTo(name);
            assertThat(again.manifestDigest()).isEqualTo(Digest.sha256(image.manifest));
        });
        assertThat(store.imageDirectory(name).resolve("rootfs/z")).hasContent("zstd layer");
    }
}
