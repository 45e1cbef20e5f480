package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageUnpackerTest extends StoreTestCase {
    private static final ImageReference REF = ImageReference.parse("example.com/app:1");



    private static byte[] base() {
        return TestLayers.layer().dir("etc/", 0755).file("etc/os-release", "ID=test\n")
                .dir("opt/", 0755).file("opt/a", "a").file("opt/b", "b")
                .dir("var/", 0755).file("var/gone", "x").tar();
    }

    private static byte[] top() {
        return TestLayers.layer().whiteout("var/gone").opaque("opt").file("opt/c", "c").file("bin-tool", "#!", 04755)
                .tar();
    }

    private UnpackedImage unpack(TestLayers.Image image, UnpackOptions options) throws IOException {
        return unpack(image, options, image.source());
    }

    private UnpackedImage unpack(TestLayers.Image image, UnpackOptions options, BlobSource source) throws IOException {
        return ImageUnpacker.unpack(store, REF, image.manifest, image.config, source, options, ProgressListener.NONE);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void layersAreAppliedInOrderWhateverTheCompression(Compression compression) throws IOException {
        TestLayers.Image image = TestLayers.image(compression, base(), top());
        List<String> events = new ArrayList<>();
        UnpackedImage unpacked = ImageUnpacker.unpack(store, REF, image.manifest, image.config, image.source(),
                UnpackOptions.defaults(), new ProgressListener() {
                    @Override
                    public void layerStarted(int index, int count, Descriptor layer) {
                        events.add("start " + index + "/" + count);
                    }

                    @Override
                    public void layerDone(int index, Descriptor layer) {
                        events.add("done " + index);
                    }
                });
        assertThat(events).containsExactly("start 0/2", "done 0", "start 1/2", "done 1");
        Path rootfs = store.imageDirectory(REF).resolve("rootfs");
        assertThat(rootfs.resolve("etc/os-release")).hasContent("ID=test");
        assertThat(rootfs.resolve("var/gone")).doesNotExist();
        assertThat(rootfs.resolve("var")).isDirectory();
        assertThat(names(rootfs.resolve("opt"))).containsExactly("c");
        assertThat(Files.getAttribute(rootfs.resolve("bin-tool"), "unix:mode")).isEqualTo(0100000 | 04755);
        assertThat(Files.getLastModifiedTime(rootfs.resolve("etc")).toInstant()).isEqualTo(TestLayers.TIME);

        LocalImageMetadata metadata = store.read(REF).orElseThrow();
        assertThat(metadata.digest()).contains(unpacked.manifestDigest().toString());
        assertThat(unpacked.manifestDigest()).isEqualTo(Digest.sha256(image.manifest));
        assertThat(unpacked.configDigest()).isEqualTo(Digest.sha256(image.config));
        assertThat(metadata.platform()).isEqualTo(Platform.parse("linux/amd64"));
        assertThat(metadata.createdInstant()).contains(TestLayers.TIME);
        assertThat(store.imageDirectory(REF).resolve("manifest.json")).hasBinaryContent(image.manifest);
        assertThat(store.imageDirectory(REF).resolve("image-config.json")).hasBinaryContent(image.config);
        for (Digest digest : image.blobs.keySet()) {
            assertThat(store.blobs().contains(digest)).as("kept %s", digest).isTrue();
        }
        assertThat(store.blobs().contains(unpacked.manifestDigest())).isTrue();
        assertNoStagingLeftover();
    }

    @Test
    void blobsAreNotKeptWhenAskedNot() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.GZIP, base());
        unpack(image, UnpackOptions.defaults().withKeepBlobs(false));
        assertThat(store.read(REF)).isPresent();
        for (Digest digest : image.blobs.keySet()) {
            assertThat(store.blobs().contains(digest)).isFalse();
        }
    }

    @Test
    void aKeptLayerIsReadFromTheBlobAreaNotTheSource() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.GZIP, base());
        unpack(image, UnpackOptions.defaults());
        ImageReference other = ImageReference.parse("again:1");
        ImageUnpacker.unpack(store, other, image.manifest, image.config, descriptor -> {
            throw new java.nio.file.NoSuchFileException("the source is gone: " + descriptor.digest());
        }, UnpackOptions.defaults(), ProgressListener.NONE);
        assertThat(store.imageDirectory(other).resolve("rootfs/etc/os-release")).hasContent("ID=test");
    }

    @Test
    void aLayerKeptWhileItsSourceOpensIsReadFromTheBlobAreaAndNotWrittenAgain() throws IOException {
        // As the puller's downloads ahead do: open() waits until the blob is kept, then reads it from there.
        TestLayers.Image image = TestLayers.image(Compression.GZIP, base(), top());
        java.util.Map<Digest, Object> inodes = new java.util.HashMap<>();
        BlobSource keptWhileOpening = descriptor -> {
            try (io.imagestore.fs.BlobStore.Writer writer = store.blobs().create(descriptor.digest(), descriptor.size())) {
                writer.write(image.blobs.get(descriptor.digest()));
                Path kept = writer.commit();
                inodes.put(descriptor.digest(), Files.readAttributes(kept,
                        java.nio.file.attribute.BasicFileAttributes.class).fileKey());
            }
            return store.blobs().open(descriptor.digest());
        };
        unpack(image, UnpackOptions.defaults(), keptWhileOpening);
        assertThat(inodes).hasSize(2);
        for (java.util.Map.Entry<Digest, Object> layer : inodes.entrySet()) {
            Path blob = store.blobs().find(layer.getKey()).orElseThrow();
            assertThat(Files.readAttributes(blob, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                    .as("blob %s is the file kept before the unpacker read it, not a second copy", layer.getKey())
                    .isNotNull().isEqualTo(layer.getValue());
        }
        assertThat(store.imageDirectory(REF).resolve("rootfs/opt/c")).hasContent("c");
    }

    @Test
    void aLayerWithAnotherDigestFailsAndLeavesNothing() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.GZIP, base());
        Digest layer = image.parsedManifest().layers().get(0).digest();
        byte[] other = TestLayers.gzip(TestLayers.layer().file("evil", "x").tar());
        image.blobs.put(layer, java.util.Arrays.copyOf(other, image.blobs.get(layer).length));
        assertThatThrownBy(() -> unpack(image, UnpackOptions.defaults()))
                .isInstanceOfAny(BlobVerificationException.class, OciFormatException.class)
                .hasMessageContaining(layer.toString().substring(0, 20));
        assertStoreUnchanged();
    }

    @Test
    void aLayerThatIsNotItsDiffIdFailsAndLeavesNothing() throws IOException {
        TestLayers.Image good = TestLayers.image(Compression.NONE, base());
        byte[] tar = base();
        byte[] tampered = TestLayers.layer().file("etc/os-release", "ID=evil\n").tar();
        TestLayers.Image lying = TestLayers.image(Compression.NONE, tampered);
        // The manifest names the tampered blob by its true digest, but the config keeps the good diff_id.
        ImageManifest manifest = lying.parsedManifest();
        ImageConfig config = ImageConfig.of(Platform.parse("linux/amd64"), TestLayers.TIME,
                List.of(Digest.sha256(tar)), List.of());
        ImageManifest mixed = ImageManifest.of(config.descriptor(MediaTypes.OCI_CONFIG), manifest.layers(),
                java.util.Map.of());
        assertThat(good.blobs).isNotEmpty();
        assertThatThrownBy(() -> ImageUnpacker.unpack(store, REF, mixed.toJson(), config.bytes(), lying.source(),
                UnpackOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(BlobVerificationException.class).hasMessageContaining(Digest.sha256(tar).toString());
        assertStoreUnchanged();
    }

    @Test
    void aConfigThatIsNotTheManifestsIsRefused() {
        TestLayers.Image image = TestLayers.image(Compression.NONE, base());
        TestLayers.Image another = TestLayers.image(Compression.NONE, top());
        assertThatThrownBy(() -> ImageUnpacker.unpack(store, REF, image.manifest, another.config, image.source(),
                UnpackOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("not the config");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aTruncatedGzipLayerFailsAndLeavesNothing() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.GZIP, base());
        Descriptor layer = image.parsedManifest().layers().get(0);
        byte[] blob = image.blobs.get(layer.digest());
        BlobSource truncated = descriptor -> new java.io.ByteArrayInputStream(
                descriptor.digest().equals(layer.digest()) ? java.util.Arrays.copyOf(blob, blob.length / 2)
                        : image.blobs.get(descriptor.digest()));
        assertThatThrownBy(() -> ImageUnpacker.unpack(store, REF, image.manifest, image.config, truncated,
                UnpackOptions.defaults(), ProgressListener.NONE))
                .isInstanceOfAny(BlobVerificationException.class, OciFormatException.class);
        assertStoreUnchanged();
    }

    private void assertStoreUnchanged() throws IOException {
        assertThat(store.list()).isEmpty();
        assertThat(Files.exists(store.imageDirectory(REF), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertNoStagingLeftover();
        Path tmp = store.blobs().directory().resolve("tmp");
        if (Files.exists(tmp)) {
            assertThat(names(tmp)).isEmpty();
        }
    }

    private void assertNoStagingLeftover() throws IOException {
        assertThat(names(root.resolve(".imagestore/staging"))).isEmpty();
    }


    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
