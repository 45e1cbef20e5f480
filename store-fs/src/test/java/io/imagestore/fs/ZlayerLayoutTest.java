package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.ReferenceConflictException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores made by the Rust original: {@code replace [/:@] with _} on the reference as given. */
class ZlayerLayoutTest {
    @TempDir
    Path root;

    private FsLocalImageStore store;

    @BeforeEach
    void open() {
        store = FsLocalImageStore.builder(root).layout(Layout.ZLAYER).open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    private static LocalImageMetadata meta(String reference) {
        return LocalImageMetadata.of(reference, "darwin", "arm64").withCreated("2024-01-01T00:00:00Z");
    }

    @Test
    void writesUseTheReferenceAsSpelled() {
        store.write(meta("myapp:latest"));

        assertThat(root.resolve("myapp_latest/metadata.json")).exists();
        assertThat(store.imageDirectory(ref("myapp:latest"))).isEqualTo(store.root().resolve("myapp_latest"));
    }

    @Test
    void readsFindASidecarUnderAnySpellingAUserMayHaveUsed() throws IOException {
        Path directory = Files.createDirectories(root.resolve("myapp_latest"));
        String rust = "{\"reference\":\"myapp:latest\",\"os\":\"darwin\",\"architecture\":\"arm64\",\"size\":4096,"
                + "\"future_field\":{\"nested\":[1,2]}}";
        Files.writeString(directory.resolve("metadata.json"), rust);

        for (String spelling : new String[] {"myapp", "myapp:latest", "docker.io/library/myapp:latest"}) {
            assertThat(store.read(ref(spelling))).as(spelling).hasValueSatisfying(found -> {
                assertThat(found.reference()).isEqualTo("myapp:latest");
                assertThat(found.size()).hasValue(4096);
            });
        }
        assertThat(Files.readString(directory.resolve("metadata.json"), StandardCharsets.UTF_8)).isEqualTo(rust);
    }

    @Test
    void aWriteUnderAnotherSpellingUpdatesTheExistingDirectory() {
        store.write(meta("myapp:latest"));
        store.write(meta("docker.io/library/myapp:latest").withCreated("2025-01-01T00:00:00Z"));

        assertThat(store.list()).singleElement().satisfies(found ->
                assertThat(found.created()).contains("2025-01-01T00:00:00Z"));
        assertThat(root.resolve("docker.io_library_myapp_latest")).doesNotExist();
    }

    @Test
    void writesRefuseADirectoryHoldingAnotherReference() {
        store.write(meta("foo/bar:1"));

        assertThatThrownBy(() -> store.write(meta("foo_bar:1")))
                .isInstanceOf(ReferenceConflictException.class)
                .hasMessageContaining("foo/bar:1")
                .hasMessageContaining("docker.io/library/foo_bar:1");
        assertThatThrownBy(() -> store.read(ref("foo_bar:1"))).isInstanceOf(ReferenceConflictException.class);
        assertThat(store.read(ref("foo/bar:1"))).isPresent();
    }

    @Test
    void buildsAndTagsFollowTheLayout() throws IOException {
        try (ImageBuild build = store.beginBuild(ref("built:1"))) {
            Files.writeString(build.rootfs().resolve("f"), "x");
            build.commit(meta("built:1"));
        }
        store.tag(ref("built:1"), ref("copy:2"));

        assertThat(root.resolve("built_1/rootfs/f")).hasContent("x");
        assertThat(root.resolve("copy_2/rootfs/f")).hasContent("x");
        assertThat(store.read(ref("copy:2"))).hasValueSatisfying(found ->
                assertThat(found.reference()).isEqualTo("copy:2"));
        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly("built:1", "copy:2");
    }

    @Test
    void aReferenceTooLongForTheLayoutIsRejected() {
        String spelling = "registry.example/" + "a".repeat(250) + ":1";

        assertThatThrownBy(() -> store.write(meta(spelling))).isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("default layout");
    }

    @Test
    void theImageIsRemovedWhereverItWasFound() {
        store.write(meta("myapp:latest"));

        store.remove(ref("myapp"), false);

        assertThat(root.resolve("myapp_latest")).doesNotExist();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aSidecarWhoseReferenceNoZlayerNameCanHoldIsSkippedByListAndReportedByFsck() throws IOException {
        String longReference = "registry.example.com/" + "a".repeat(200) + "/" + "b".repeat(40) + ":" + "t".repeat(100);
        Path directory = Files.createDirectories(root.resolve("copied-from-a-default-layout-store"));
        Files.write(directory.resolve("metadata.json"), MetadataCodec.encode(meta(longReference)));
        store.write(meta("myapp:latest"));

        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly("myapp:latest");
        assertThat(store.fsck(false).findings()).singleElement()
                .satisfies(finding -> assertThat(finding.kind()).isEqualTo(FsckReport.Kind.NAME_MISMATCH));
    }

    @Test
    void aBuildCommittedUnderAnotherSpellingIsStoredWhereThatSpellingIsFound() {
        try (ImageBuild build = store.beginBuild(ref("index.docker.io/library/alpine"))) {
            build.commit(meta("alpine"));
        }

        assertThat(store.read(ref("alpine"))).contains(meta("alpine"));
        assertThat(store.list()).containsExactly(meta("alpine"));
    }
}
