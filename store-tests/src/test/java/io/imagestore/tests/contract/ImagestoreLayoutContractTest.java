package io.imagestore.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.fs.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store contract in the default layout, plus what only that layout promises. */
class ImagestoreLayoutContractTest extends FsStoreContract {
    ImagestoreLayoutContractTest() {
        super(Layout.IMAGESTORE);
    }

    @Test
    void pruneRemovesIncompleteImagesPastTheGracePeriod() throws IOException {
        Path incomplete = Files.createDirectories(sidecarFile(store, ref("incomplete:1")).resolveSibling("rootfs"));
        Files.writeString(incomplete.resolve("file"), "12345");

        PruneResult young = store.prune(PruneOptions.defaults());
        assertThat(young.deleted()).isEmpty();
        assertThat(incomplete).exists();

        PruneResult result = store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
        assertThat(result.deleted()).containsExactly(incomplete.getParent().getFileName().toString());
        assertThat(result.bytesReclaimed()).isEqualTo(5);
        assertThat(incomplete.getParent()).doesNotExist();
    }
}
