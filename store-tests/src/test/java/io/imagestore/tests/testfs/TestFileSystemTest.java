package io.imagestore.tests.testfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test file system itself: it delegates faithfully, injects its faults, and loses what was not synced. */
class TestFileSystemTest {
    @TempDir
    Path temp;
    private Path disk;
    private TestFileSystem fs;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        disk = Files.createDirectories(temp.resolve("disk"));
        Files.writeString(disk.resolve("old.txt"), "old");
        fs = TestFileSystem.over(disk);
        root = fs.root();
    }

    /** Writes {@code text} to {@code target} through a temp file and a rename, with the fsyncs asked for. */
    private static void replace(Path target, String text, boolean syncFile, boolean syncDirectory) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(UTF_8)));
            if (syncFile) {
                channel.force(true);
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        if (syncDirectory) {
            syncDirectory(target.getParent());
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private Path crash() throws IOException {
        return fs.crash(temp.resolve("after-crash"));
    }

    @Test
    void delegatesToTheDiskWithItsOwnPaths() throws IOException {
        Path file = root.resolve("dir").resolve("a.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "hello");

        assertThat(file.getFileSystem()).isSameAs(fs);
        assertThat(Files.readString(disk.resolve("dir/a.txt"))).isEqualTo("hello");
        assertThat(Files.readString(file)).isEqualTo("hello");
        try (Stream<Path> listing = Files.list(root)) {
            assertThat(listing.map(p -> p.getFileSystem() == fs ? p.getFileName().toString() : "foreign " + p))
                    .containsExactlyInAnyOrder("dir", "old.txt");
        }
        assertThat(fs.real(file)).isEqualTo(disk.resolve("dir/a.txt"));
        assertThat(Files.isSameFile(file, root.resolve("dir/../dir/a.txt"))).isTrue();
    }

    @Test
    void refusesForeignPathsSoNothingBypassesIt() {
        assertThatThrownBy(() -> root.resolve(disk)).isInstanceOf(ProviderMismatchException.class);
        assertThatThrownBy(() -> Files.createLink(root.resolve("link"), disk.resolve("old.txt")))
                .isInstanceOf(ProviderMismatchException.class);
        assertThatThrownBy(() -> root.toFile()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noSpaceLeftFailsWritesOnlyWhereAsked() throws IOException {
        Fault fault = Fault.noSpaceLeft(Fault.named("full"));
        fs.inject(fault);

        assertThatThrownBy(() -> Files.writeString(root.resolve("full.txt"), "x"))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("No space left on device");
        Files.writeString(root.resolve("fine.txt"), "y");

        assertThat(fault.hits()).isEqualTo(1);
        assertThat(Files.readString(disk.resolve("fine.txt"))).isEqualTo("y");
        assertThat(Files.size(disk.resolve("full.txt"))).isZero();
    }

    @Test
    void forceAndDirectoryForceAndMoveFailWithIoErrors() throws IOException {
        Fault force = Fault.forceFails(Fault.named("a"));
        Fault directoryForce = Fault.directoryForceFails(Fault.under(root));
        Fault move = Fault.moveFails(Fault.named("target"));
        fs.inject(force);
        fs.inject(directoryForce);
        fs.inject(move);

        assertThatThrownBy(() -> replace(root.resolve("a"), "x", true, false)).hasMessageContaining("Input/output error");
        assertThatThrownBy(() -> syncDirectory(root)).hasMessageContaining("Input/output error");
        assertThatThrownBy(() -> Files.move(root.resolve("old.txt"), root.resolve("target"), StandardCopyOption.ATOMIC_MOVE))
                .hasMessageContaining("Input/output error");

        assertThat(List.of(force.hits(), directoryForce.hits(), move.hits())).containsExactly(1, 1, 1);
        assertThat(disk.resolve("old.txt")).hasContent("old");
        assertThat(disk.resolve("target")).doesNotExist();
    }

    @Test
    void aReadOnlyFileSystemStillReads() throws IOException {
        fs.inject(Fault.readOnly(Fault.under(root)));

        assertThat(Files.readString(root.resolve("old.txt"))).isEqualTo("old");
        assertThatThrownBy(() -> Files.writeString(root.resolve("new.txt"), "x"))
                .hasMessageContaining("Read-only file system");
        assertThatThrownBy(() -> Files.createDirectory(root.resolve("d"))).hasMessageContaining("Read-only file system");
        assertThatThrownBy(() -> Files.delete(root.resolve("old.txt"))).hasMessageContaining("Read-only file system");
        assertThat(disk.resolve("old.txt")).exists();
        assertThat(disk.resolve("new.txt")).doesNotExist();
    }

    @Test
    void permissionDeniedOnOneDirectoryLeavesItsSiblingsAlone() throws IOException {
        Files.createDirectories(root.resolve("locked/inner"));
        Files.writeString(root.resolve("locked/inner/f"), "secret");
        Files.createDirectories(root.resolve("open"));
        fs.inject(Fault.permissionDenied(root.resolve("locked")));

        assertThatThrownBy(() -> Files.readString(root.resolve("locked/inner/f"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.list(root.resolve("locked"))).isInstanceOf(AccessDeniedException.class);
        Files.writeString(root.resolve("open/f"), "fine");
        assertThat(Files.readString(root.resolve("open/f"))).isEqualTo("fine");
        fs.clearFaults();
        assertThat(Files.readString(root.resolve("locked/inner/f"))).isEqualTo("secret");
    }

    @Test
    void aPowerCutStopsEveryLaterOperation() throws IOException {
        fs.cutPowerAfter(2);
        Files.createDirectory(root.resolve("one"));
        Files.createDirectory(root.resolve("two"));

        assertThatThrownBy(() -> Files.createDirectory(root.resolve("three"))).isInstanceOf(PowerCutException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("old.txt"))).isInstanceOf(PowerCutException.class);
        assertThat(fs.isPowerCut()).isTrue();
        assertThat(fs.steps()).isEqualTo(3);
        assertThat(disk.resolve("three")).doesNotExist();
        assertThat(fs.trace()).containsExactly("CREATE_DIRECTORY " + root.resolve("one"),
                "CREATE_DIRECTORY " + root.resolve("two"));
    }

    @Test
    void aCarefulWriterSurvivesTheCrash() throws IOException {
        replace(root.resolve("old.txt"), "new", true, true);

        assertThat(crash().resolve("old.txt")).hasContent("new");
    }

    @Test
    void withoutFsyncOfTheFileTheRenamedFileComesBackEmpty() throws IOException {
        replace(root.resolve("old.txt"), "new", false, true);

        Path after = crash();
        assertThat(Files.readString(disk.resolve("old.txt"))).as("before the crash").isEqualTo("new");
        assertThat(after.resolve("old.txt")).as("the rename was durable, the bytes were not").isEmptyFile();
    }

    @Test
    void withoutFsyncOfTheDirectoryTheRenameIsLost() throws IOException {
        replace(root.resolve("old.txt"), "new", true, false);
        replace(root.resolve("created.txt"), "fresh", true, false);

        Path after = crash();
        assertThat(after.resolve("old.txt")).hasContent("old");
        assertThat(after.resolve("created.txt")).doesNotExist();
        assertThat(after.resolve("created.txt.tmp")).doesNotExist();
    }

    @Test
    void aNewDirectoryNeedsItsParentSynced() throws IOException {
        Path directory = Files.createDirectory(root.resolve("image"));
        replace(directory.resolve("metadata.json"), "{}", true, true);

        assertThat(crash().resolve("image")).doesNotExist();
    }

    @Test
    void durableStateFollowsTheInodeThroughRenamesAndLinks() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging/build"));
        replace(staging.resolve("metadata.json"), "built", true, true);
        Files.createLink(staging.resolve("link"), staging.resolve("metadata.json"));
        syncDirectory(staging);
        Files.move(staging, root.resolve("image"), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(root);
        Files.delete(root.resolve("old.txt"));

        Path after = crash();
        assertThat(after.resolve("image/metadata.json")).hasContent("built");
        assertThat(Files.isSameFile(after.resolve("image/metadata.json"), after.resolve("image/link"))).isTrue();
        assertThat(after.resolve("old.txt")).as("the unlink was never synced").hasContent("old");
        assertThat(after.resolve("staging")).as("its entry was synced with the root, its own entries never")
                .isEmptyDirectory();
    }

    @Test
    void aLyingFsyncIsLikeNoFsync() throws IOException {
        fs.ignoreForce(Fault.named("old.txt.tmp"));
        replace(root.resolve("old.txt"), "new", true, true);

        assertThat(crash().resolve("old.txt")).isEmptyFile();
    }

    @Test
    void delayedAllocationCrashesShowOldNewAndTornBytesUnderTheNewNames() throws IOException {
        long seed = new Random().nextLong();
        Set<String> outcomes = new HashSet<>();
        for (int round = 0; round < 60; round++) {
            Path roundDisk = Files.createDirectories(temp.resolve("r" + round));
            Files.writeString(roundDisk.resolve("f"), "old");
            TestFileSystem roundFs = TestFileSystem.over(roundDisk);
            Path file = roundFs.root().resolve("f");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap("0123456789".getBytes(UTF_8)));
            }
            Files.createDirectory(roundFs.root().resolve("unsynced"));
            Path after = roundFs.crash(temp.resolve("a" + round), new Random(seed + round));
            outcomes.add(Files.readString(after.resolve("f")));
            assertThat(after.resolve("unsynced")).as("metadata is journaled in order").isDirectory();
        }
        List<String> torn = new ArrayList<>(outcomes);
        torn.removeAll(List.of("old", "0123456789"));
        assertThat(outcomes).as("seed %d", seed).contains("old", "0123456789");
        assertThat(torn).as("seed %d", seed).isNotEmpty()
                .allSatisfy(text -> assertThat("0123456789").startsWith(text));
        assertThat(outcomes.stream().collect(Collectors.toSet())).hasSizeGreaterThan(2);
    }
}
