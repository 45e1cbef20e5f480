package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile layer shape: each must fail with a typed error naming the layer, change nothing outside
 * the store (the victim directory), and leave the store as it was (no image, no staging, no temp blob).
 */
class HostileLayerTest extends StoreTestCase {
    private static final ImageReference REF = ImageReference.parse("hostile:1");

    @TempDir
    Path outside;

    private Path victim;

    @BeforeEach
    void makeVictim() throws IOException {
        victim = outside.resolve("victim");
        Files.createDirectories(victim.resolve("dir"));
        Files.writeString(victim.resolve("file"), "precious");
        Files.writeString(victim.resolve("dir/inner"), "precious");
    }

    private void assertRefused(Compression compression, Class<? extends Throwable> type, String message,
            byte[]... tars) throws IOException {
        TestLayers.Image image = TestLayers.image(compression, tars);
        assertThatThrownBy(() -> ImageUnpacker.unpack(store, REF, image.manifest, image.config, image.source(),
                UnpackOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(type).hasMessageContaining(message).hasMessageContaining("layer " + tars.length);
        assertUntouched();
    }

    private void assertRefused(String message, byte[]... tars) throws IOException {
        assertRefused(Compression.NONE, UnsafeLayerException.class, message, tars);
    }

    private void assertUntouched() throws IOException {
        assertThat(victim.resolve("file")).hasContent("precious");
        assertThat(victim.resolve("dir/inner")).hasContent("precious");
        assertThat(names(victim)).containsExactly("dir", "file");
        assertThat(names(victim.resolve("dir"))).containsExactly("inner");
        assertThat(names(outside)).containsExactly("victim");
        assertThat(store.list()).isEmpty();
        assertThat(Files.exists(store.imageDirectory(REF), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(names(root.resolve(".imagestore/staging"))).isEmpty();
        Path tmp = store.blobs().directory().resolve("tmp");
        if (Files.exists(tmp)) {
            assertThat(names(tmp)).isEmpty();
        }
        assertThat(names(root)).containsExactly(".imagestore");
    }


    @Test
    void dotDotComponentsAreRefused() throws IOException {
        assertRefused("'..'", TestLayers.layer().file("../escaped", "x").tar());
        assertRefused("'..'", TestLayers.layer().dir("a/", 0755).file("a/../../escaped", "x").tar());
    }

    @Test
    void absoluteNamesLandInsideTheRootfs() throws IOException {
        String absolute = victim.resolve("file").toString();
        TestLayers.Image image = TestLayers.image(Compression.NONE,
                TestLayers.layer().file(absolute, "inside").hardLink("/linked", absolute).tar());
        ImageUnpacker.unpack(store, REF, image.manifest, image.config, image.source(), UnpackOptions.defaults(),
                ProgressListener.NONE);
        Path rootfs = store.imageDirectory(REF).resolve("rootfs");
        assertThat(rootfs.resolve(absolute.substring(1))).hasContent("inside");
        assertThat(rootfs.resolve("linked")).hasContent("inside");
        assertThat(victim.resolve("file")).hasContent("precious");
        assertThat(names(outside)).containsExactly("victim");
    }

    @Test
    void overLongNamesAreRefused() throws IOException {
        assertRefused("longer than 255", TestLayers.layer().file("x".repeat(300), "x").tar());
        assertRefused("longer than 4096", TestLayers.layer().file("d/".repeat(2100) + "f", "x").tar());
    }

    @Test
    void aPathThroughASymbolicLinkOfTheSameLayerIsRefused() throws IOException {
        assertRefused("symbolic link", TestLayers.layer().symlink("etc", victim.toString())
                .file("etc/file", "overwritten").tar());
        assertRefused("symbolic link", TestLayers.layer().symlink("up", "..").file("up/escaped", "x").tar());
    }

    @Test
    void aPathThroughASymbolicLinkOfAnEarlierLayerIsRefused() throws IOException {
        assertRefused("symbolic link", TestLayers.layer().symlink("etc", victim.toString()).tar(),
                TestLayers.layer().file("etc/file", "overwritten").tar());
        assertRefused("symbolic link", TestLayers.layer().symlink("etc", victim.toString()).tar(),
                TestLayers.layer().dir("etc/dir/", 0777).tar());
        assertRefused("symbolic link", TestLayers.layer().symlink("etc", victim.toString()).tar(),
                TestLayers.layer().symlink("etc/dir", "/").tar());
    }

    @Test
    void whiteoutsThroughASymbolicLinkAreRefused() throws IOException {
        assertRefused("symbolic link", TestLayers.layer().symlink("v", victim.toString()).tar(),
                TestLayers.layer().whiteout("v/file").tar());
        assertRefused("symbolic link", TestLayers.layer().symlink("v", victim.toString()).tar(),
                TestLayers.layer().opaque("v/dir").tar());
        assertRefused("symbolic link", TestLayers.layer().symlink("v", victim.toString()).tar(),
                TestLayers.layer().opaque("v").tar());
    }

    @Test
    void hardLinksOutsideTheRootfsAreRefused() throws IOException {
        assertRefused("does not exist", TestLayers.layer().hardLink("h", victim.resolve("file").toString()).tar());
        assertRefused("'..'", TestLayers.layer().hardLink("h", "../../../../../../../../etc/passwd").tar());
        assertRefused("symbolic link", TestLayers.layer().symlink("v", victim.toString())
                .hardLink("h", "v/file").tar());
    }

    @Test
    void hardLinksToDirectoriesOrNothingAreRefused() throws IOException {
        assertRefused("is a directory", TestLayers.layer().dir("d/", 0755).hardLink("h", "d").tar());
        assertRefused("does not exist", TestLayers.layer().hardLink("h", "missing").tar());
        assertRefused("itself", TestLayers.layer().file("f", "x").hardLink("f2", "f2").tar());
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        assertRefused("twice", TestLayers.layer().file("f", "one").file("f", "two").tar());
        assertRefused("twice", TestLayers.layer().file("f", "one").dir("./f/", 0755).tar());
        assertRefused("twice", TestLayers.layer().whiteout("f").whiteout("f").tar());
    }

    @Test
    void aPathThroughARegularFileIsRefused() throws IOException {
        assertRefused("not a directory", TestLayers.layer().file("f", "x").file("f/g", "y").tar());
    }

    @Test
    void unsupportedEntryTypesAreRefused() throws IOException {
        TarArchiveEntry sparse = new TarArchiveEntry("s", TarConstants.LF_GNUTYPE_SPARSE, true);
        assertRefused("not supported", TestLayers.layer().entry(sparse, new byte[0]).tar());
    }

    @Test
    void aTruncatedTarIsRefused() throws IOException {
        byte[] tar = TestLayers.layer().file("big", "y".repeat(5000)).tar();
        byte[] truncated = Arrays.copyOf(tar, 2048);
        assertRefused(Compression.NONE, OciFormatException.class, "big", truncated);
    }

    @Test
    void aTarCutInsideTheLastEntrysDataIsRefusedEvenWithoutAMarkerToMiss() throws IOException {
        byte[] tar = TestLayers.layer().file("first", "x").file("last", "y".repeat(700)).tar();
        int lastData = 3 * 512;
        for (int cut : new int[] {lastData + 1, lastData + 699}) {
            assertRefused(Compression.NONE, OciFormatException.class, "layer 1", Arrays.copyOf(tar, cut));
        }
    }

    @Test
    void corruptGzipAndZstdStreamsAreRefused() throws IOException {
        for (Compression compression : new Compression[] {Compression.GZIP, Compression.ZSTD}) {
            byte[] tar = TestLayers.layer().file("f", "z".repeat(20_000) + "variety 12345").tar();
            byte[] good = TestLayers.compress(tar, compression);
            byte[] corrupt = good.clone();
            for (int i = good.length / 3; i < good.length / 3 + 8; i++) {
                corrupt[i] ^= 0x5a;
            }
            TestLayers.Image image = TestLayers.image(compression, tar);
            Descriptor layer = image.parsedManifest().layers().get(0);
            // The manifest names the corrupt blob by its true digest: only decompression can notice.
            image.blobs.remove(layer.digest());
            Descriptor corruptLayer = Descriptor.of(layer.mediaType(), io.imagestore.api.Digest.sha256(corrupt),
                    corrupt.length);
            image.blobs.put(corruptLayer.digest(), corrupt);
            ImageConfig config = ImageConfig.parse(image.config);
            ImageManifest manifest = ImageManifest.of(config.descriptor(MediaTypes.OCI_CONFIG), List.of(corruptLayer),
                    java.util.Map.of());
            assertThatThrownBy(() -> ImageUnpacker.unpack(store, REF, manifest.toJson(), image.config, image.source(),
                    UnpackOptions.defaults(), ProgressListener.NONE))
                    .as(compression.name())
                    .isInstanceOfAny(OciFormatException.class, BlobVerificationException.class)
                    .hasMessageContaining("layer 1");
            assertUntouched();
        }
    }

    @Test
    void aLayerThatIsNotATarIsRefused() throws IOException {
        byte[] junk = "this is not a tar archive, not even close; it is just a sentence.".repeat(20)
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(Compression.NONE, OciFormatException.class, "layer 1", junk);
    }

    @Test
    void aHeaderThatLiesAboutItsSizeIsRefused() throws IOException {
        byte[] tar = TestLayers.layer().file("f", "0123456789").file("g", "abc").tar();
        byte[] lying = tar.clone();
        // The size field of the first header (offset 124, 12 octal digits): claim 7777 bytes.
        byte[] size = "00000017141\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, lying, 124, size.length);
        fixChecksum(lying, 0);
        assertRefused(Compression.NONE, OciFormatException.class, "layer 1", lying);
    }

    @Test
    void aSymbolicLinkIsNeverWrittenThrough() throws IOException {
        TestLayers.Image image = TestLayers.image(Compression.NONE,
                TestLayers.layer().symlink("link", victim.resolve("file").toString()).hardLink("h", "link").tar(),
                TestLayers.layer().file("link", "replaced").tar());
        ImageUnpacker.unpack(store, REF, image.manifest, image.config, image.source(), UnpackOptions.defaults(),
                ProgressListener.NONE);
        Path rootfs = store.imageDirectory(REF).resolve("rootfs");
        assertThat(rootfs.resolve("link")).isRegularFile().hasContent("replaced");
        assertThat(Files.isSymbolicLink(rootfs.resolve("h"))).isTrue();
        assertThat(Files.readSymbolicLink(rootfs.resolve("h"))).isEqualTo(victim.resolve("file"));
        assertThat(victim.resolve("file")).hasContent("precious");
    }

    private static void fixChecksum(byte[] tar, int header) {
        Arrays.fill(tar, header + 148, header + 156, (byte) ' ');
        long sum = 0;
        for (int i = header; i < header + 512; i++) {
            sum += tar[i] & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, tar, header + 148, 8);
    }
}
