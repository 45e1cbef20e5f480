package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.Digest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes adding origins to one blob at the same time: none is lost, the record stays whole, and each
 * process's own additions stay newest first.
 */
class BlobOriginsProcessTest {
    private static final int EACH = BlobOrigins.MAX_ORIGINS / 2;

    @TempDir
    Path root;

    @Test
    void twoProcessesAddingOriginsAtOnceLoseNoneAndNeverTearTheRecord() throws Exception {
        Digest digest;
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            digest = BlobOriginsTest.storeBlob(store, "shared blob");
        }
        List<Process> children = new ArrayList<>();
        for (String prefix : List.of("p", "q")) {
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", OriginsWriterMain.class.getName(),
                    root.toString(), digest.toString(), prefix, Integer.toString(EACH))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process child : children) {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("done");
            }
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).isZero();
        }
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            List<String> origins = store.blobs().origins(digest);
            assertThat(origins).hasSize(2 * EACH);
            for (String prefix : List.of("p", "q")) {
                List<String> own = origins.stream().filter(origin -> origin.startsWith("r.io/" + prefix)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = EACH - 1; i >= 0; i--) {
                    expected.add("r.io/" + prefix + i);
                }
                assertThat(own).isEqualTo(expected);
            }
        }
    }
}
