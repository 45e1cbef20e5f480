package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageStoreException;
import io.imagestore.fs.FaultyFileSystem.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AtomicFileTest {
    @TempDir
    Path real;

    private final FaultyFileSystem faulty = new FaultyFileSystem();
    private Path directory;

    @BeforeEach
    void setUp() throws IOException {
        directory = faulty.wrap(real);
        Files.writeString(real.resolve("metadata.json"), "old");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String[] entries() throws IOException {
        try (Stream<Path> files = Files.list(real)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    private static boolean isTemp(Path path) {
        return AtomicFile.isTempFile(path.getFileName().toString());
    }

    @Test
    void replaceWritesTheNewContentAndLeavesNoTempFile() throws IOException {
        new AtomicFile(new Fsync(Durability.FSYNC)).replace(directory, "metadata.json", bytes("new"));

        assertThat(real.resolve("metadata.json")).hasContent("new");
        assertThat(entries()).containsExactly("metadata.json");
    }

    @Test
    void fsyncDurabilityForcesTheFileAndTheDirectory() {
        new AtomicFile(new Fsync(Durability.FSYNC)).replace(directory, "metadata.json", bytes("new"));

        assertThat(faulty.count(Op.FORCE_FILE)).isEqualTo(1);
        assertThat(faulty.count(Op.FORCE_DIRECTORY)).isEqualTo(1);
    }

    @Test
    void noDurabilityRenamesWithoutAnyFsync() {
        new AtomicFile(new Fsync(Durability.NONE)).replace(directory, "metadata.json", bytes("new"));

        assertThat(real.resolve("metadata.json")).hasContent("new");
        assertThat(faulty.count(Op.FORCE_FILE)).isZero();
        assertThat(faulty.count(Op.FORCE_DIRECTORY)).isZero();
        assertThat(faulty.count(Op.MOVE)).isEqualTo(1);
    }

    /** A failure before or on the move (writing, forcing or renaming the temp file). */
    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"WRITE", "FORCE_FILE", "MOVE"})
    void aFailureUpToTheMoveDeletesTheTempFileAndKeepsTheOldContent(Op op) throws IOException {
        IOException disk = new IOException("No space left on device");
        faulty.failOn(op, AtomicFileTest::isTemp, disk);

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(directory, "metadata.json", bytes("new")))
                .isInstanceOf(ImageStoreException.class)
                .hasCause(disk)
                .hasMessageContaining("previous file is unchanged");
        assertThat(real.resolve("metadata.json")).hasContent("old");
        assertThat(entries()).containsExactly("metadata.json");
    }

    @Test
    void theFirstFailureIsKeptAndTheFailedCleanupSuppressed() throws IOException {
        IOException move = new IOException("move failed");
        IOException delete = new IOException("delete failed too");
        faulty.failOn(Op.MOVE, AtomicFileTest::isTemp, move);
        faulty.failOn(Op.DELETE, AtomicFileTest::isTemp, delete);

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(directory, "metadata.json", bytes("new")))
                .hasCause(move)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(delete));
        assertThat(real.resolve("metadata.json")).hasContent("old");
    }

    @Test
    void aFileSystemWithoutAtomicRenameIsAClearErrorWithoutFallback() throws IOException {
        faulty.failOn(Op.MOVE, AtomicFileTest::isTemp,
                new AtomicMoveNotSupportedException("a", "b", "not supported"));

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(directory, "metadata.json", bytes("new")))
                .isInstanceOf(ImageStoreException.class)
                .hasCauseInstanceOf(AtomicMoveNotSupportedException.class)
                .hasMessageContaining("cannot rename")
                .hasMessageContaining("atomically");
        assertThat(real.resolve("metadata.json")).hasContent("old");
        assertThat(entries()).containsExactly("metadata.json");
    }

    @Test
    void aFailedDirectorySyncAfterTheMoveReportsItWithTheNewContentInPlace() throws IOException {
        IOException disk = new IOException("fsync failed");
        faulty.failOn(Op.FORCE_DIRECTORY, path -> true, disk);

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(directory, "metadata.json", bytes("new")))
                .isInstanceOf(ImageStoreException.class)
                .hasCause(disk)
                .hasMessageContaining("may not survive a power loss");
        assertThat(real.resolve("metadata.json")).hasContent("new");
        assertThat(entries()).containsExactly("metadata.json");
    }

    @Test
    void aSymlinkedTargetIsRefused() throws IOException {
        Path outside = Files.writeString(real.resolve("outside"), "secret");
        Files.delete(real.resolve("metadata.json"));
        Files.createSymbolicLink(real.resolve("metadata.json"), outside);

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(directory, "metadata.json", bytes("new")))
                .isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("symbolic link");
        assertThat(outside).hasContent("secret");
        assertThat(entries()).containsExactly("metadata.json", "outside");
    }

    @Test
    void aDirectoryTargetIsRefused() throws IOException {
        Files.delete(real.resolve("metadata.json"));
        Files.createDirectory(real.resolve("metadata.json"));

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(directory, "metadata.json", bytes("new")))
                .isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("a directory");
    }

    @Test
    void aSymlinkedDirectoryIsRefused() throws IOException {
        Path elsewhere = Files.createDirectory(real.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(real.resolve("link"), elsewhere);

        assertThatThrownBy(() -> new AtomicFile(new Fsync(Durability.FSYNC))
                .replace(faulty.wrap(link), "metadata.json", bytes("new")))
                .isInstanceOf(ImageStoreException.class)
                .hasMessageContaining("symbolic link");
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }
}
