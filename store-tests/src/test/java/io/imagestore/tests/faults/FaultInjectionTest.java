package io.imagestore.tests.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.tests.support.Sidecars;
import io.imagestore.tests.testfs.Fault;
import io.imagestore.tests.testfs.TestFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk errors injected under the real store through {@link TestFileSystem}: ENOSPC, EIO from fsync, from a
 * directory fsync and from rename, a read-only file system, and permission denied on one image directory.
 * Each gives a typed {@link ImageStoreException} keeping the I/O error as its cause, leaves the previous
 * sidecar whole, no temp file behind, and the other images working.
 */
class FaultInjectionTest {
    private static final ImageReference APP = ImageReference.parse("app:1");
    private static final ImageReference OTHER = ImageReference.parse("ghcr.io/other/img:2");
    private static final LocalImageMetadata OLD = Sidecars.version("app:1", 0, 1);
    private static final LocalImageMetadata NEW = Sidecars.version("app:1", 0, 2);

    @TempDir
    Path temp;
    private TestFileSystem fs;
    private FsLocalImageStore store;
    private Path appDirectory;

    @BeforeEach
    void setUp() throws IOException {
        Path disk = Files.createDirectories(temp.resolve("disk"));
        try (FsLocalImageStore real = FsLocalImageStore.open(disk)) {
            real.write(OLD);
            try (ImageBuild build = real.beginBuild(OTHER)) {
                Files.writeString(build.rootfs().resolve("file"), "other");
                build.commit(Sidecars.version(OTHER.original(), 0, 7));
            }
        }
        fs = TestFileSystem.over(disk);
        store = FsLocalImageStore.builder(fs.root()).lockTimeout(Duration.ofSeconds(5)).open();
        appDirectory = store.imageDirectory(APP);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private List<String> tempFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(fs.real(fs.root()))) {
            return paths.map(Path::toString).filter(p -> p.contains(".tmp-")).collect(Collectors.toList());
        }
    }

    /** The failure is typed, keeps the injected I/O error as a cause, and names the image or a file of the store. */
    private void assertTyped(Throwable failure, String ioMessage) {
        assertThat(failure).isInstanceOf(ImageStoreException.class).satisfiesAnyOf(
                t -> assertThat(t).hasMessageContaining("app"),
                t -> assertThat(t).hasMessageContaining(fs.real(fs.root()).toString()));
        assertThat(causes(failure)).as("causes of %s", failure).anySatisfy(cause ->
                assertThat(cause).isInstanceOf(IOException.class).hasMessageContaining(ioMessage));
    }

    private static List<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, Throwable::getCause).collect(Collectors.toList());
    }

    /** After the fault: the old sidecar of app is whole, no temp file is left, the other image works. */
    private void assertContained(Fault fault) throws IOException {
        assertThat(fault.hits()).as("the fault fired").isPositive();
        assertThat(tempFiles()).isEmpty();
        assertThat(store.read(OTHER).orElseThrow().size()).hasValue(7);
        assertThat(store.write(Sidecars.version(OTHER.original(), 0, 8)).size()).hasValue(8);
        fs.clearFaults();
        assertThat(store.write(NEW)).isEqualTo(NEW);
        assertThat(store.read(APP)).contains(NEW);
    }

    private void assertWriteFailsCleanly(Fault fault, String ioMessage) throws IOException {
        fs.inject(fault);

        assertTyped(catchThrowable(() -> store.write(NEW)), ioMessage);

        assertThat(store.read(APP)).contains(OLD);
        assertContained(fault);
    }

    @Test
    void noSpaceLeftOnWrite() throws IOException {
        assertWriteFailsCleanly(Fault.noSpaceLeft(Fault.under(appDirectory)), "No space left on device");
    }

    @Test
    void failingFsyncOfTheTempFile() throws IOException {
        assertWriteFailsCleanly(Fault.forceFails(Fault.under(appDirectory)), "Input/output error");
    }

    @Test
    void failingRename() throws IOException {
        assertWriteFailsCleanly(Fault.moveFails(Fault.under(appDirectory)), "Input/output error");
    }

    @Test
    void failingDirectoryFsyncAfterTheRename() throws IOException {
        Fault fault = Fault.directoryForceFails(appDirectory::equals);
        fs.inject(fault);

        assertTyped(catchThrowable(() -> store.write(NEW)), "Input/output error");

        assertThat(store.read(APP).orElseThrow()).as("renamed already: old or new, never torn").isIn(OLD, NEW);
        assertContained(fault);
    }

    @Test
    void noSpaceLeftDuringACommitKeepsTheOldImage() throws IOException {
        Fault fault = Fault.noSpaceLeft(Fault.under(fs.root().resolve(".imagestore/staging"))
                .and(Fault.named("metadata.json.tmp-")));
        try (ImageBuild build = store.beginBuild(APP)) {
            Files.writeString(build.rootfs().resolve("file"), "new");
            fs.inject(fault);
            assertTyped(catchThrowable(() -> build.commit(NEW)), "No space left on device");
        }

        assertThat(store.read(APP)).contains(OLD);
        assertThat(store.imageDirectory(APP).resolve("rootfs/file")).doesNotExist();
        assertContained(fault);
        assertThat(fs.real(fs.root()).resolve(".imagestore/staging")).isEmptyDirectory();
    }

    @Test
    void failingDirectoryFsyncOnRemoveIsReported() throws IOException {
        Fault fault = Fault.directoryForceFails(fs.root()::equals);
        fs.inject(fault);

        Throwable failure = catchThrowable(() -> store.remove(APP, false));

        assertThat(fault.hits()).isPositive();
        assertThat(failure).as("a removal that may not be durable is not acknowledged as done")
                .isInstanceOf(ImageStoreException.class).hasMessageContaining("app");
    }

    @Test
    void aReadOnlyFileSystemRefusesChangesButStillReads() throws IOException {
        Fault fault = Fault.readOnly(Fault.under(fs.root()));
        fs.inject(fault);

        assertTyped(catchThrowable(() -> store.write(NEW)), "Read-only file system");
        assertThatThrownBy(() -> store.remove(APP, false)).isInstanceOf(ImageStoreException.class);
        assertThatThrownBy(() -> store.tag(APP, OTHER)).isInstanceOf(ImageStoreException.class);
        assertThatThrownBy(() -> store.beginBuild(APP)).isInstanceOf(ImageStoreException.class);
        Throwable prune = catchThrowable(() -> store.prune(PruneOptions.defaults().withGrace(Duration.ZERO)));
        assertThat(prune).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ImageStoreException.class));

        assertThat(store.read(APP)).contains(OLD);
        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly("app:1", OTHER.original());
        try (FsLocalImageStore reader = FsLocalImageStore.open(fs.root())) {
            assertThat(reader.read(APP)).as("a read-only store still opens for reading").contains(OLD);
        }
        assertThat(tempFiles()).isEmpty();
        assertThat(fault.hits()).isPositive();
    }

    @Test
    void permissionDeniedOnOneImageDirectoryAffectsOnlyThatImage() throws IOException {
        Fault fault = Fault.permissionDenied(appDirectory);
        fs.inject(fault);

        Consumer<Throwable> deniedForApp = failure -> assertThat(failure).isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("app");
        deniedForApp.accept(catchThrowable(() -> store.read(APP)));
        deniedForApp.accept(catchThrowable(() -> store.write(NEW)));
        deniedForApp.accept(catchThrowable(() -> store.remove(APP, true)));

        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly(OTHER.original());
        store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
        assertContained(fault);
    }
}
