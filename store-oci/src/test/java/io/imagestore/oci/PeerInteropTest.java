package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real tools: an image built with umoci, exported with skopeo as oci-archive and
 * docker-archive, loads into the same tree as {@code umoci unpack} makes of it.
 */
class PeerInteropTest extends StoreTestCase {
    private static final ImageReference NAME = ImageReference.parse("test/app:1");

    @TempDir
    static Path work;
    static Path layout;
    static Path ociArchive;
    static Path dockerArchive;
    static TreeSnapshot expected;


    @BeforeAll
    static void buildWithUmoci() throws IOException, InterruptedException {
        layout = work.resolve("layout");
        UmociImages.build(work, layout);
        ociArchive = work.resolve("oci.tar");
        dockerArchive = work.resolve("docker.tar");
        String source = "oci:" + layout + ":" + UmociImages.TAG;
        UmociImages.run("skopeo", "copy", "-q", source, "oci-archive:" + ociArchive + ":" + NAME.familiar());
        UmociImages.run("skopeo", "copy", "-q", source, "docker-archive:" + dockerArchive + ":" + NAME.familiar());
        Path bundle = work.resolve("reference");
        List<String> unpack = new ArrayList<>(List.of("umoci", "unpack"));
        if (!LayerApplier.runningAsRoot(work)) {
            unpack.add("--rootless");
        }
        unpack.addAll(List.of("--image", layout + ":" + UmociImages.TAG, bundle.toString()));
        UmociImages.run(unpack.toArray(new String[0]));
        expected = TreeSnapshot.of(bundle.resolve("rootfs"));
        ImageIndex index = ImageIndex.parse(Files.readAllBytes(layout.resolve("index.json")));
        Descriptor manifest = index.manifests().get(0);
        byte[] manifestJson = Files.readAllBytes(layout.resolve("blobs/sha256/" + manifest.digest().hex()));
        Files.write(work.resolve("manifest-of-layout"), manifestJson);
        Files.write(work.resolve("config-of-layout"), Files.readAllBytes(layout.resolve("blobs/sha256/"
                + ImageManifest.parse(manifestJson).config().digest().hex())));
    }

    private void assertSameTreeAsUmoci(ImageReference reference) throws IOException {
        TreeSnapshot actual = TreeSnapshot.of(store.imageDirectory(reference).resolve("rootfs"));
        assertThat(actual.entries).containsExactlyEntriesOf(expected.entries);
        assertThat(actual.hardLinkGroups).isEqualTo(expected.hardLinkGroups).isNotEmpty();
    }

    @Test
    void theUmociImageCoversEveryLayerRule() {
        assertThat(expected.entries).containsKeys("bin/tool", "run/pipe", "lib", "data/a-link", "cache/new")
                .doesNotContainKeys("gone", "gone-dir", "cache/a", "cache/b");
        assertThat(expected.entries.get("bin/tool")).contains("mode=4755");
        assertThat(expected.entries.get("tmp")).contains("mode=1777");
    }

    @Test
    void anOciArchiveLoadsAsUmociUnpacksIt() throws IOException {
        List<UnpackedImage> loaded = ImageLoader.load(store, ociArchive, LoadOptions.defaults(), ProgressListener.NONE);
        assertThat(loaded).singleElement().satisfies(image -> assertThat(image.reference()).isEqualTo(NAME));
        assertSameTreeAsUmoci(NAME);
        assertThat(loaded.get(0).layers()).isEqualTo(4);
        assertThat(ImageConfig.parse(Files.readAllBytes(store.imageDirectory(NAME).resolve("image-config.json")))
                .history()).extracting(ImageConfig.HistoryEntry::createdBy).contains("empty layer", "opaque layer");
    }

    @Test
    void aDockerArchiveLoadsAsUmociUnpacksIt() throws IOException {
        List<UnpackedImage> loaded = ImageLoader.load(store, dockerArchive, LoadOptions.defaults(),
                ProgressListener.NONE);
        assertThat(loaded).singleElement().satisfies(image -> assertThat(image.reference()).isEqualTo(NAME));
        assertSameTreeAsUmoci(NAME);
    }

    /**
     * {@code umoci insert} writes layers that end right after the last file's data (no padding, no
     * end-of-archive marker) and start with a {@code /} entry; umoci, skopeo and Docker read them, so must load.
     */
    @Test
    void anImageMadeWithUmociInsertLoadsAsUmociUnpacksIt() throws Exception {
        Path inserted = work.resolve("inserted");
        UmociImages.run("umoci", "init", "--layout", inserted.toString());
        UmociImages.run("umoci", "new", "--image", inserted + ":v1");
        Path files = Files.createDirectories(work.resolve("insert-src/bin"));
        Files.writeString(files.resolve("hello"), "#!/bin/sh\necho hello\n");
        Files.write(files.resolve("odd-size"), new byte[70_001]);
        UmociImages.run("umoci", "insert", "--image", inserted + ":v1", files.getParent().toString(), "/");
        UmociImages.run("umoci", "config", "--image", inserted + ":v1", "--os", "linux", "--architecture", "amd64");
        Path archive = work.resolve("inserted-docker.tar");
        UmociImages.run("skopeo", "copy", "-q", "oci:" + inserted + ":v1", "docker-archive:" + archive + ":inserted:1");

        ImageReference name = ImageReference.parse("inserted:1");
        assertThat(ImageLoader.load(store, archive, LoadOptions.defaults(), ProgressListener.NONE)).singleElement()
                .satisfies(image -> assertThat(image.reference()).isEqualTo(name));
        TreeSnapshot actual = TreeSnapshot.of(store.imageDirectory(name).resolve("rootfs"));
        assertThat(actual.entries).containsKeys("bin/hello", "bin/odd-size")
                .containsExactlyEntriesOf(unpackWithUmoci("oci:" + inserted + ":v1").entries);

        Path saved = work.resolve("inserted-saved.tar");
        ImageSaver.save(store, List.of(name), saved);
        assertThat(unpackWithUmoci("oci-archive:" + saved).entries).as("a Docker archive's image saves as an OCI one too")
                .containsExactlyEntriesOf(actual.entries);
        assertThat(unpackWithUmoci("docker-archive:" + saved).entries).containsExactlyEntriesOf(actual.entries);
    }

    @Test
    void aLayoutDirectoryWithoutANameLoadsUnderTheGivenOne() throws IOException {
        ImageReference name = ImageReference.parse("given:2");
        assertThat(ImageLoader.load(store, layout, LoadOptions.defaults().withName(name), ProgressListener.NONE))
                .singleElement().satisfies(image -> assertThat(image.reference()).isEqualTo(name));
        assertSameTreeAsUmoci(name);
    }

    @Test
    void aWholeArchiveCompressedWithGzipLoadsFromAStream() throws IOException {
        Path gzipped = root.resolveSibling(root.getFileName() + ".tar.gz");
        try (InputStream in = Files.newInputStream(dockerArchive);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            in.transferTo(out);
        }
        try (InputStream in = Files.newInputStream(gzipped)) {
            ImageLoader.load(store, in, "stdin", LoadOptions.defaults(), ProgressListener.NONE);
        } finally {
            Files.delete(gzipped);
        }
        assertSameTreeAsUmoci(NAME);
        assertThat(store.blobs().directory().resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aLoadedImageSavesWithItsManifestDigestAndSkopeoReadsBothArchiveKinds() throws Exception {
        UnpackedImage loaded = ImageLoader.load(store, ociArchive, LoadOptions.defaults(), ProgressListener.NONE).get(0);
        Path saved = work.resolve("saved-" + System.nanoTime() + ".tar");
        ImageSaver.save(store, List.of(NAME), saved);
        String raw = UmociImages.run("skopeo", "inspect", "--raw", "oci-archive:" + saved);
        assertThat(io.imagestore.api.Digest.sha256(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(loaded.manifestDigest());
        assertThat(UmociImages.run("skopeo", "inspect", "docker-archive:" + saved + ":" + NAME.familiar()))
                .as("found by its RepoTags").contains("\"Os\": \"linux\"");
        assertThat(unpackWithUmoci("oci-archive:" + saved).entries).containsExactlyEntriesOf(expected.entries);
        assertThat(unpackWithUmoci("docker-archive:" + saved).entries).containsExactlyEntriesOf(expected.entries);
    }

    @Test
    void aLocallyBuiltImageSavesAsOneReproducibleLayerThatUmociUnpacksAlike() throws Exception {
        ImageReference built = ImageReference.parse("local/built:3");
        ImageUnpacker.unpack(store, built, Files.readAllBytes(work.resolve("manifest-of-layout")),
                Files.readAllBytes(work.resolve("config-of-layout")), blobsOfLayout(), UnpackOptions.defaults()
                        .withKeepBlobs(false), ProgressListener.NONE);
        Files.delete(store.imageDirectory(built).resolve("manifest.json"));
        Files.delete(store.imageDirectory(built).resolve("image-config.json"));
        Path first = work.resolve("built-" + System.nanoTime() + ".tar");
        ExportedImage exported = ImageSaver.save(store, List.of(built), first).get(0);
        assertThat(exported.manifest().layers()).hasSize(1);
        assertThat(store.imageDirectory(built).resolve("manifest.json")).hasBinaryContent(exported.manifest().toJson());
        assertThat(unpackWithUmoci("oci-archive:" + first).entries).containsExactlyEntriesOf(expected.entries);

        Files.delete(store.imageDirectory(built).resolve("manifest.json"));
        ExportedImage again = ImageExporter.export(store, built);
        assertThat(again.manifest().digest()).as("the same rootfs gives the same bytes").isEqualTo(
                exported.manifest().digest());
        assertThat(UmociImages.run("skopeo", "inspect", "docker-archive:" + first + ":" + built.familiar()))
                .contains("\"Architecture\": \"amd64\"");
        assertThat(unpackWithUmoci("docker-archive:" + first).entries).containsExactlyEntriesOf(expected.entries);
    }

    private BlobSource blobsOfLayout() {
        return blob -> Files.newInputStream(layout.resolve("blobs/" + blob.digest().algorithm() + "/"
                + blob.digest().hex()));
    }

    private static TreeSnapshot unpackWithUmoci(String source) throws Exception {
        Path copy = work.resolve("copy-" + System.nanoTime());
        UmociImages.run("skopeo", "copy", "-q", source, "oci:" + copy + ":x");
        Path bundle = work.resolve("bundle-" + System.nanoTime());
        List<String> unpack = new ArrayList<>(List.of("umoci", "unpack"));
        if (!LayerApplier.runningAsRoot(work)) {
            unpack.add("--rootless");
        }
        unpack.addAll(List.of("--image", copy + ":x", bundle.toString()));
        UmociImages.run(unpack.toArray(new String[0]));
        return TreeSnapshot.of(bundle.resolve("rootfs"));
    }
}
