package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load killed with SIGKILL half-way through a layer leaves, once the store is opened again, nothing behind. */
class KilledLoadTest {
    @TempDir
    Path root;

    @Test
    void aLoadKilledMidLayerLeavesNoImageNoStagingAndNoTempBlob() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                KilledLoadMain.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return "IO-ERROR " + e;
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).isEqualTo("READY");
            assertThat(StoreTestCase.names(root.resolve(".imagestore/staging"))).hasSize(1);
            assertThat(StoreTestCase.names(root.resolve(".imagestore/blobs/tmp"))).isNotEmpty();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.list()).isEmpty();
            assertThat(Files.exists(store.imageDirectory(ImageReference.parse("killed:1")))).isFalse();
            assertThat(StoreTestCase.names(root.resolve(".imagestore/staging"))).isEmpty();
            assertThat(StoreTestCase.names(root.resolve(".imagestore/blobs/tmp"))).isEmpty();
            assertThat(store.fsck(false).clean()).isTrue();
        }
        assertThat(List.of(root.toFile().list())).containsExactly(".imagestore");
    }
}
