package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.fs.FaultyFileSystem.Op;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk errors injected under the whole store: typed errors, previous state intact, other images unaffected. */
class StoreFaultTest {
    private static final ImageReference APP = ImageReference.parse("app");
    private static final ImageReference OTHER = ImageReference.parse("other");

    @TempDir
    Path real;

    private final FaultyFileSystem faulty = new FaultyFileSystem();
    private FsLocalImageStore store;

    @BeforeEach
    void open() {
        store = FsLocalImageStore.open(faulty.wrap(real));
        store.write(meta("app", 1));
        store.write(meta("other", 1));
    }

    private static LocalImageMetadata meta(String reference, long size) {
        return LocalImageMetadata.of(reference, "linux", "amd64").withSize(size).withCreated("2024-01-01T00:00:00Z");
    }

    private static boolean inApp(Path path) {
        return path.toString().contains("+app=");
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(real)) {
            assertThat(files.filter(p -> AtomicFile.isTempFile(p.getFileName().toString()))).isEmpty();
        }
    }

    @Test
    void aWriteIntoADirectoryAKilledWriterCreatedSyncsTheRootFirst() throws IOException {
        ImageReference half = ImageReference.parse("half");
        Files.createDirectory(real.resolve(store.imageDirectory(half).getFileName().toString()));
        Path root = store.root();
        faulty.failOn(Op.FORCE_DIRECTORY, path -> path.toString().equals(root.toString()),
                new IOException("root sync"));

        assertThatThrownBy(() -> store.write(meta("half", 1))).isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("could not sync the root");
        assertThat(store.read(half)).as("not acknowledged, not written").isEmpty();

        faulty.heal();
        store.write(meta("half", 1));
        faulty.failOn(Op.FORCE_DIRECTORY, path -> path.toString().equals(root.toString()),
                new IOException("root sync"));
        store.write(meta("half", 2)); // its sidecar proves the root was synced before it was written
        assertThat(store.read(half)).contains(meta("half", 2));
    }

    @Test
    void noSpaceLeftOnWriteKeepsThePreviousSidecar() throws IOException {
        faulty.failOn(Op.WRITE, StoreFaultTest::inApp, new IOException("No space left on device"));

        assertThatThrownBy(() -> store.write(meta("app", 2))).isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("No space left on device");

        assertThat(store.read(APP)).contains(meta("app", 1));
        assertThat(store.read(OTHER)).contains(meta("other", 1));
        store.write(meta("other", 2));
        assertNoTempFiles();
    }

    @Test
    void failuresOnForceMoveAndDirectorySyncAreTypedAndLeaveNoTempFile() throws IOException {
        for (Op op : new Op[] {Op.FORCE_FILE, Op.MOVE}) {
            faulty.failOn(op, StoreFaultTest::inApp, new IOException(op.name()));
            assertThatThrownBy(() -> store.write(meta("app", 2))).isInstanceOf(ImageStoreException.class);
            faulty.heal();
            assertThat(store.read(APP)).contains(meta("app", 1));
        }
        faulty.failOn(Op.FORCE_DIRECTORY, StoreFaultTest::inApp, new IOException("fsync"));
        assertThatThrownBy(() -> store.write(meta("app", 3))).isInstanceOf(ImageStoreException.class);
        assertThat(store.read(APP)).contains(meta("app", 3));
        assertNoTempFiles();
    }

    @Test
    void aFailedFirstWriteLeavesNoEmptyImageDirectory() {
        faulty.failOn(Op.MOVE, path -> path.toString().contains("+fresh="), new IOException("Read-only file system"));

        assertThatThrownBy(() -> store.write(meta("fresh", 1))).isInstanceOf(ImageStoreException.class);

        assertThat(real.resolve("docker.io+library+fresh=latest")).doesNotExist();
    }

    @Test
    void aFailedRemoveLeavesTheImageInPlace() {
        faulty.failOn(Op.MOVE, StoreFaultTest::inApp, new IOException("Permission denied"));

        assertThatThrownBy(() -> store.remove(APP, true)).isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("untouched");

        assertThat(store.read(APP)).contains(meta("app", 1));
    }

    @Test
    void aFailedHardLinkFallsBackToACopy() throws IOException {
        Path rootfs = Files.createDirectories(real.resolve("docker.io+library+app=latest/rootfs"));
        Files.writeString(rootfs.resolve("file"), "data");
        faulty.failOn(Op.CREATE_LINK, path -> true, new IOException("Invalid cross-device link"));

        store.tag(APP, ImageReference.parse("copy"));

        Path copy = real.resolve("docker.io+library+copy=latest/rootfs/file");
        assertThat(copy).hasContent("data");
        assertThat(Files.isSameFile(copy, rootfs.resolve("file"))).isFalse();
    }

    @Test
    void aTransientErrorOpeningASidecarIsNoCorruptionAndFsckRepairKeepsTheImage() {
        faulty.failOn(Op.OPEN, path -> inApp(path) && path.endsWith("metadata.json"),
                new FileSystemException("metadata.json", null, "Too many open files"));

        assertThatThrownBy(() -> store.read(APP)).isInstanceOf(ImageStoreException.class)
                .isNotInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("Too many open files");
        store.fsck(true);

        faulty.heal();
        assertThat(store.read(APP)).contains(meta("app", 1));
    }

    @Test
    void pruneSkipsWhatItCannotMeasureAndPrunesTheRest() throws IOException {
        Files.createDirectories(store.imageDirectory(APP).resolve("rootfs/etc"));
        Path half = Files.createDirectories(real.resolve("docker.io+library+half=latest/rootfs/etc"));
        Files.setLastModifiedTime(half.getParent().getParent(), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        faulty.failOn(Op.OPEN, path -> path.endsWith("etc"), new AccessDeniedException("etc"));

        PruneResult result = store.prune(PruneOptions.defaults().withAllUnused(true));

        assertThat(result.deleted()).containsExactly("docker.io/library/other:latest");
        assertThat(store.read(APP)).isPresent();
        assertThat(half).exists();
    }

    @Test
    void aDirectoryFailingWhileItIsReadGivesATypedErrorOrIsSkipped() throws IOException {
        IOException eio = new IOException("Input/output error");
        faulty.failOn(Op.READ_DIRECTORY, path -> path.endsWith("trash") || path.endsWith("bin"), eio);
        FsLocalImageStore.open(faulty.wrap(real)).close();
        Files.createDirectories(real.resolve("docker.io+library+noside=latest/rootfs/bin"));
        assertThat(store.resolvePlatform(ImageReference.parse("noside")).platform()).isEmpty();

        faulty.failOn(Op.READ_DIRECTORY, path -> path.equals(real), eio);
        assertThatThrownBy(store::list).isExactlyInstanceOf(ImageStoreException.class)
                .hasMessageContaining("Input/output error");
    }

    /** What a non-root owner meets: a file without owner-read permission cannot be opened. */
    private static boolean unreadableByOwner(Path path) {
        try {
            return !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_READ);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aBuildHoldingAFileItsOwnerCannotReadCommitsAndKeepsTheFileMode() throws IOException {
        // As in RHEL-family images, where /etc/shadow is mode 000.
        faulty.failOn(Op.OPEN, path -> path.endsWith("etc/shadow") && unreadableByOwner(path),
                new AccessDeniedException("shadow"));
        try (ImageBuild build = store.beginBuild(ImageReference.parse("rhel"))) {
            Path shadow = Files.writeString(Files.createDirectories(build.rootfs().resolve("etc")).resolve("shadow"),
                    "root:!:");
            Files.setPosixFilePermissions(shadow, Set.of());
            build.commit(meta("rhel", 7));
        }

        Path committed = real.resolve("docker.io+library+rhel=latest/rootfs/etc/shadow");
        assertThat(Files.getPosixFilePermissions(committed)).isEmpty();
        assertThat(Files.readString(committed)).isEqualTo("root:!:");
        assertThat(store.read(ImageReference.parse("rhel"))).contains(meta("rhel", 7));
    }
}
