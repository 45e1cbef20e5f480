package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.PruneOptions;
import io.imagestore.fs.FaultyFileSystem.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dead processes leave behind, and how opening a store (or closing a build) puts it right. */
class RecoveryTest {
    private static final ImageReference APP = ImageReference.parse("app:1");

    @TempDir
    Path root;

    private static LocalImageMetadata meta(long size) {
        return LocalImageMetadata.of("app:1", "linux", "arm64").withSize(size).withCreated("2024-01-01T00:00:00Z");
    }

    private static long count(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.count();
        }
    }

    private Path staging() {
        return root.resolve(".imagestore/staging");
    }

    private Path trash() {
        return root.resolve(".imagestore/trash");
    }

    /** A staging entry as a killed builder leaves it: no process holds its lock. */
    private Path deadBuild(String id, LocalImageMetadata sidecar, String target) throws IOException {
        Path entry = Files.createDirectories(staging().resolve(id));
        Files.createFile(entry.resolve("lock"));
        Path image = Files.createDirectories(entry.resolve("image/rootfs")).getParent();
        Files.writeString(image.resolve("rootfs/file"), "new");
        if (sidecar != null) {
            Files.write(image.resolve("metadata.json"), MetadataCodec.encode(sidecar));
        }
        if (target != null) {
            Files.writeString(entry.resolve("target"), target);
        }
        return entry;
    }

    @Test
    void openDeletesAbandonedBuildsAndTrash() throws IOException {
        FsLocalImageStore.open(root).close();
        deadBuild("0000000000000001", null, null);
        deadBuild("0000000000000002", meta(1), null);
        Files.createDirectories(trash().resolve("00000000000000aa/rootfs/bin"));

        FsLocalImageStore.open(root).close();

        assertThat(count(staging())).isZero();
        assertThat(count(trash())).isZero();
    }

    @Test
    void openCompletesACommitInterruptedAfterTheOldImageWentToTheTrash() throws IOException {
        String name;
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(meta(1));
            name = store.imageDirectory(APP).getFileName().toString();
            Files.move(store.imageDirectory(APP), trash().resolve("00000000000000bb"));
        }
        deadBuild("0000000000000003", meta(2), name);

        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.read(APP)).contains(meta(2));
            assertThat(store.imageDirectory(APP).resolve("rootfs/file")).hasContent("new");
        }
        assertThat(count(staging())).isZero();
        assertThat(count(trash())).isZero();
    }

    /** Moves the image of {@code APP} into dead build {@code entry} as the image its commit moved aside. */
    private Path movedAside(FsLocalImageStore store, Path entry) throws IOException {
        return Files.move(store.imageDirectory(APP), entry.resolve("previous-00000000000000dd"));
    }

    @Test
    void aSidecarWrittenIntoTheEmptyNameOfAnInterruptedCommitGetsItsRootfsAndNothingIsDeleted() throws IOException {
        Path target;
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            try (ImageBuild build = store.beginBuild(APP)) {
                Files.writeString(build.rootfs().resolve("file"), "old");
                build.commit(meta(1));
            }
            Path entry = deadBuild("0000000000000006", meta(2), null);
            target = store.imageDirectory(APP);
            movedAside(store, entry);
            Files.writeString(entry.resolve("target"), target.getFileName().toString());
            Files.createDirectory(target); // what an earlier version's write did in the empty name
            Files.write(target.resolve("metadata.json"), MetadataCodec.encode(meta(3)));
        }

        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.read(APP)).as("the acknowledged write stays").contains(meta(3));
            assertThat(target.resolve("rootfs/file")).as("with the rootfs of the commit it followed").hasContent("new");
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void anInterruptedCommitWhoseStagedSidecarIsDamagedPutsThePreviousImageBack() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            try (ImageBuild build = store.beginBuild(APP)) {
                Files.writeString(build.rootfs().resolve("file"), "old");
                build.commit(meta(1));
            }
            Path entry = deadBuild("0000000000000007", null, null);
            Files.writeString(entry.resolve("image/metadata.json"), "{\"reference\": tru");
            Files.writeString(entry.resolve("target"), store.imageDirectory(APP).getFileName().toString());
            movedAside(store, entry);
        }

        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.read(APP)).contains(meta(1));
            assertThat(store.imageDirectory(APP).resolve("rootfs/file")).hasContent("old");
        }
    }

    @Test
    void aStoreOpenedBeforeACommitWasInterruptedReadsTheImageAndItsNextWriteKeepsTheRootfs() throws IOException {
        try (FsLocalImageStore before = FsLocalImageStore.open(root);
                FsLocalImageStore other = FsLocalImageStore.open(root)) {
            try (ImageBuild build = before.beginBuild(APP)) {
                Files.writeString(build.rootfs().resolve("file"), "old");
                build.commit(meta(1));
            }
            Path entry = deadBuild("0000000000000008", meta(2), null);
            Files.writeString(entry.resolve("target"), before.imageDirectory(APP).getFileName().toString());
            movedAside(before, entry);

            other.write(meta(3));
            assertThat(before.read(APP)).contains(meta(3));
            assertThat(before.imageDirectory(APP).resolve("rootfs/file")).hasContent("new");
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void aListingByAStoreOpenedBeforeACommitWasInterruptedDoesNotMissTheImage() throws IOException {
        try (FsLocalImageStore before = FsLocalImageStore.open(root)) {
            try (ImageBuild build = before.beginBuild(APP)) {
                build.commit(meta(1));
            }
            Path entry = deadBuild("0000000000000009", meta(2), null);
            Files.writeString(entry.resolve("target"), before.imageDirectory(APP).getFileName().toString());
            movedAside(before, entry);

            assertThat(before.list()).containsExactly(meta(2));
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void aCompletedSwapWhoseBuilderDiedBeforeDeletingItsEntryNeverBringsThePreviousImageBack() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            try (ImageBuild build = store.beginBuild(APP)) {
                build.commit(meta(1));
            }
            Path entry = deadBuild("000000000000000a", meta(2), null);
            Path target = store.imageDirectory(APP);
            Files.writeString(entry.resolve("target"), target.getFileName().toString());
            movedAside(store, entry);
            Files.move(entry.resolve("image"), target); // the second rename happened; then the builder died
            assertThat(store.read(APP)).contains(meta(2));

            store.remove(APP, false);

            assertThat(store.read(APP)).isEmpty();
            assertThat(store.list()).isEmpty();
        }
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.read(APP)).isEmpty();
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void openDiscardsACommitThatNeverReachedTheSwap() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(meta(1));
            deadBuild("0000000000000004", meta(2), store.imageDirectory(APP).getFileName().toString());
        }

        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.read(APP)).contains(meta(1));
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void aRecordedTargetOutsideTheRootIsNeverFollowed() throws IOException {
        FsLocalImageStore.open(root).close();
        deadBuild("0000000000000005", meta(2), "../escaped");

        FsLocalImageStore.open(root).close();

        assertThat(root.resolveSibling("escaped")).doesNotExist();
        assertThat(count(staging())).isZero();
    }

    @Test
    void openKeepsTheStagingOfALiveBuildInThisJvm() throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(root);
                ImageBuild build = store.beginBuild(APP)) {
            Files.writeString(build.rootfs().resolve("file"), "x");

            FsLocalImageStore.open(root).close();

            assertThat(build.rootfs().resolve("file")).exists();
            build.commit(meta(1));
        }
    }

    @Test
    void openKeepsTheStagingOfALiveBuildInAnotherProcessAndRemovesItWhenKilled() throws Exception {
        FsLocalImageStore.open(root).close();
        try (ChildJvm child = ChildJvm.start("build", root, "app:1")) {
            String line = child.expect();
            assertThat(line).startsWith("BUILDING ");
            Path rootfs = Path.of(line.substring("BUILDING ".length()));

            FsLocalImageStore.open(root).close();
            assertThat(rootfs.resolve("file")).hasContent("content");

            child.kill();
            try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
                assertThat(store.read(APP)).isEmpty();
            }
            assertThat(count(staging())).isZero();
        }
    }

    @Test
    void aBuildInAnotherProcessCommitsWhenAsked() throws Exception {
        try (ChildJvm child = ChildJvm.start("build", root, "app:1")) {
            assertThat(child.expect()).startsWith("BUILDING ");
            child.send("commit");
            assertThat(child.expect()).isEqualTo("COMMITTED");
        }
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.read(APP)).isPresent();
            assertThat(store.imageDirectory(APP).resolve("rootfs/file")).hasContent("content");
        }
    }

    @Test
    void openLeavesImageDirectoriesAloneAndTheNextWriteOrPruneSweepsTempFiles() throws IOException {
        Path current;
        Path older;
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(meta(1));
            current = Files.writeString(store.imageDirectory(APP).resolve("metadata.json.tmp-writing"), "{");
            older = Files.writeString(store.imageDirectory(APP).resolve("metadata.json.tmp-00000000000000cc"), "{");
        }
        FsLocalImageStore.open(root).close();
        assertThat(current).as("open visits no image directory").exists();
        assertThat(older).exists();

        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(meta(2));
            assertThat(current).as("the next write sweeps the temp file a killed writer left").doesNotExist();
            assertThat(store.read(APP)).contains(meta(2));

            store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
            assertThat(older).as("prune sweeps temp files of older versions").doesNotExist();
        }
    }

    @Test
    void aFailedSwapPutsTheOldImageBackAndTheCommitCanBeRetried() throws IOException {
        FaultyFileSystem faulty = new FaultyFileSystem();
        try (FsLocalImageStore store = FsLocalImageStore.open(faulty.wrap(root))) {
            store.write(meta(1));
            try (ImageBuild build = store.beginBuild(APP)) {
                IOException failure = new IOException("Input/output error");
                faulty.failOn(Op.MOVE, path -> path.getFileName().toString().equals("image"), failure);

                assertThatThrownBy(() -> build.commit(meta(2))).isInstanceOf(ImageStoreException.class)
                        .hasCause(failure);
                assertThat(store.read(APP)).contains(meta(1));
                assertThat(count(trash())).isZero();

                faulty.heal();
                build.commit(meta(2));
            }
            assertThat(store.read(APP)).contains(meta(2));
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void whenTheOldImageCannotBePutBackClosingTheBuildCompletesTheCommit() throws IOException {
        FaultyFileSystem faulty = new FaultyFileSystem();
        try (FsLocalImageStore store = FsLocalImageStore.open(faulty.wrap(root))) {
            store.write(meta(1));
            ImageBuild build = store.beginBuild(APP);
            faulty.failOn(Op.MOVE, path -> path.getFileName().toString().equals("image"), new IOException("move"));
            faulty.failOn(Op.MOVE, path -> path.getFileName().toString().startsWith(ImageSwap.PREVIOUS_PREFIX),
                    new IOException("restore"));

            assertThatThrownBy(() -> build.commit(meta(2)))
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThat(store.read(APP)).isEmpty();

            faulty.heal();
            build.close();

            assertThat(store.read(APP)).contains(meta(2));
        }
        assertThat(count(staging())).isZero();
    }

    @Test
    void anotherProcessOpeningTheStoreWhileASwapFailsCannotDeleteTheImageBeingPutBack() throws IOException {
        FaultyFileSystem faulty = new FaultyFileSystem();
        try (FsLocalImageStore store = FsLocalImageStore.open(faulty.wrap(root))) {
            store.write(meta(1));
            Files.writeString(Files.createDirectories(store.imageDirectory(APP).resolve("rootfs")).resolve("f"), "old");
            AtomicBoolean opened = new AtomicBoolean();
            try (ImageBuild build = store.beginBuild(APP)) {
                // Just as the move of the new image fails, a newcomer opens the store and recovers what it finds.
                faulty.failOn(Op.MOVE, path -> path.getFileName().toString().equals("image")
                        && !opened.getAndSet(true) && openAndClose(faulty.wrap(root)), new IOException("EIO"));

                assertThatThrownBy(() -> build.commit(meta(2))).isInstanceOf(ImageStoreException.class);
            }
            assertThat(opened).isTrue();
            assertThat(store.read(APP)).contains(meta(1));
            assertThat(store.imageDirectory(APP).resolve("rootfs/f")).hasContent("old");
        }
    }

    private static boolean openAndClose(Path root) {
        FsLocalImageStore.open(root).close();
        return true;
    }

    @Test
    void openLeavesAnEntryWhoseBuilderHasNotClaimedItYetAndRecoversItOnceTheGuardIsFree() throws IOException {
        // A builder between creating its entry and claiming the entry's lock holds the staging guard shared.
        Path unclaimed = Files.createDirectories(staging().resolve("00000000000000a1"));
        Path guardFile = root.resolve(".imagestore").resolve("locks").resolve(Staging.GUARD_FILE);
        Files.createDirectories(guardFile.getParent());
        try (LockRegistry.Lease builderGuard = LockRegistry.INSTANCE
                .acquire(guardFile, LockRegistry.Mode.SHARED, System.nanoTime()).orElseThrow()) {
            FsLocalImageStore.builder(root).lockTimeout(Duration.ofMillis(50)).open().close();
            assertThat(unclaimed).isEmptyDirectory();
        }

        FsLocalImageStore.open(root).close();

        assertThat(unclaimed).doesNotExist();
    }

    @Test
    void aFailedRootSyncAfterTheSwapLeavesTheNewImageInPlace() throws IOException {
        FaultyFileSystem faulty = new FaultyFileSystem();
        try (FsLocalImageStore store = FsLocalImageStore.open(faulty.wrap(root))) {
            store.write(meta(1));
            Path realRoot = root.toRealPath();
            try (ImageBuild build = store.beginBuild(APP)) {
                faulty.failOn(Op.FORCE_DIRECTORY, path -> path.equals(realRoot), new IOException("fsync"));

                assertThatThrownBy(() -> build.commit(meta(2))).hasMessageContaining("power loss");
                faulty.heal();

                assertThat(store.read(APP)).contains(meta(2));
                assertThatThrownBy(() -> build.commit(meta(3))).isInstanceOf(IllegalStateException.class);
            }
        }
        assertThat(count(staging())).isZero();
        assertThat(count(trash())).isZero();
    }
}
