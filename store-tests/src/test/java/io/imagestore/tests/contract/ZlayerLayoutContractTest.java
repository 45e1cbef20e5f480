package io.imagestore.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.ReferenceConflictException;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.Layout;
import io.imagestore.tests.support.Sidecars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store contract in the zlayer layout, plus what only that layout promises. */
class ZlayerLayoutContractTest extends FsStoreContract {
    ZlayerLayoutContractTest() {
        super(Layout.ZLAYER);
    }

    @Test
    void readsWhatTheRustOriginalWrote() throws IOException {
        Path directory = Files.createDirectories(root.resolve("myapp_latest").resolve("rootfs"));
        String rust = "{\"reference\":\"myapp:latest\",\"os\":\"darwin\",\"architecture\":\"arm64\",\"size\":4096,"
                + "\"future_field\":{\"nested\":[1,2]}}";
        Files.writeString(directory.resolveSibling("metadata.json"), rust);

        LocalImageMetadata read = store.read(ref("myapp:latest")).orElseThrow();

        assertThat(read).isEqualTo(LocalImageMetadata.of("myapp:latest", "darwin", "arm64").withSize(4096));
        assertThat(store.read(ref("docker.io/library/myapp:latest"))).contains(read);
        assertThat(directory.resolveSibling("metadata.json")).as("a read never rewrites").hasContent(rust);
    }

    @Test
    void aWriteIntoAnotherReferencesDirectoryIsAConflict() {
        LocalImageMetadata first = store.write(Sidecars.of("foo/bar:1"));

        assertThatThrownBy(() -> store.write(Sidecars.of("foo_bar:1"))).isInstanceOf(ReferenceConflictException.class)
                .hasMessageContaining("foo/bar:1").hasMessageContaining("foo_bar:1");
        assertThat(store.read(ref("foo/bar:1"))).contains(first);
        assertThat(((FsLocalImageStore) store).imageDirectory(ref("foo/bar:1")).getFileName().toString())
                .isEqualTo("foo_bar_1");
    }

    @Test
    void pruneKeepsDirectoriesWithoutSidecarsThatMayBeOldImages() throws IOException {
        Path old = Files.createDirectories(root.resolve("built_before_sidecars").resolve("rootfs"));

        store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));

        assertThat(old).isDirectory();
    }
}
