package io.imagestore.tests.powerloss;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.Durability;
import io.imagestore.tests.support.Sidecars;
import io.imagestore.tests.support.TestSeed;
import io.imagestore.tests.testfs.Fault;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-loss harness does catch a store that skips an fsync: the real store with its fsyncs turned off
 * ({@link Durability#NONE}), or with one fsync made a no-op by the test file system (a disk that lies),
 * loses or empties acknowledged writes, and the harness reports it.
 */
class PowerLossHarnessCanFailTest {
    private static final ImageReference APP = ImageReference.parse("app:1");

    @TempDir
    Path temp;

    private List<String> writeOver(Durability durability, Predicate<Path> ignoredForce) throws Exception {
        PowerLossHarness harness = new PowerLossHarness(temp, TestSeed.of("harness-can-fail"), durability, ignoredForce);
        return harness.run("write-over-" + durability,
                store -> store.write(Sidecars.version("app:1", 0, 1)),
                store -> store.write(Sidecars.version("app:1", 0, 2)),
                (store, root, acknowledged) -> PowerLossTest.assertOneOf(store, APP, false,
                        acknowledged ? new long[] {2} : new long[] {1, 2}));
    }

    @Test
    void aStoreWithoutFsyncLosesAcknowledgedWrites() throws Exception {
        List<String> violations = writeOver(Durability.NONE, path -> false);

        assertThat(violations).isNotEmpty().anySatisfy(v -> assertThat(v).contains("acknowledged"));
    }

    @Test
    void withoutTheFsyncOfTheTempFileAnAcknowledgedSidecarComesBackEmpty() throws Exception {
        List<String> violations = writeOver(Durability.FSYNC, Fault.named("metadata.json.tmp-"));

        assertThat(violations).isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains("acknowledged").contains("the file is empty"));
    }

    @Test
    void withoutTheFsyncOfTheImageDirectoryAnAcknowledgedWriteIsLost() throws Exception {
        List<String> violations = writeOver(Durability.FSYNC, path -> path.getFileName().toString().startsWith("docker.io+"));

        assertThat(violations).isNotEmpty().anySatisfy(v -> assertThat(v).contains("acknowledged")
                .contains("Expecting ArrayList:\n  [2L]\nto contain:\n  [1L]"));
    }
}
