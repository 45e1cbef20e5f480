package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.Platform;
import io.imagestore.fs.FaultyFileSystem.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarReaderTest {
    @TempDir
    Path real;

    private final FaultyFileSystem faulty = new FaultyFileSystem();
    private Path image;
    private Path sidecar;

    @BeforeEach
    void setUp() throws IOException {
        image = Files.createDirectory(real.resolve("image"));
        sidecar = image.resolve("metadata.json");
    }

    private static byte[] encoded(String reference, long size) {
        return MetadataCodec.encode(LocalImageMetadata.of(reference, "darwin", "arm64").withSize(size));
    }

    private void replaceSidecar(byte[] content) throws IOException {
        Path temp = Files.write(image.resolve("temp"), content);
        Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aMissingSidecarIsEmpty() {
        assertThat(new SidecarReader(true).read(image)).isEmpty();
    }

    @Test
    void aValidSidecarIsReadWithItsParsedReference() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));

        SidecarReader.Sidecar read = new SidecarReader(false).read(image).orElseThrow();

        assertThat(read.metadata().reference()).isEqualTo("myapp");
        assertThat(read.reference()).isEqualTo(ImageReference.parse("docker.io/library/myapp:latest"));
        assertThat(read.file()).isEqualTo(sidecar);
    }

    @Test
    void aSymlinkedSidecarIsCorruptAndNotFollowed() throws IOException {
        Path outside = Files.write(real.resolve("outside.json"), encoded("myapp", 1));
        Files.createSymbolicLink(sidecar, outside);

        assertThatThrownBy(() -> new SidecarReader(false).read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(sidecar.toString())
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aDirectoryNamedLikeTheSidecarIsCorrupt() throws IOException {
        Files.createDirectory(sidecar);

        assertThatThrownBy(() -> new SidecarReader(false).read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("a directory");
    }

    @Test
    void aPipeNamedLikeTheSidecarIsCorruptAndNeverOpened() throws Exception {
        makeSidecarAPipe();

        assertThatThrownBy(() -> new SidecarReader(false).read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("special file");
    }

    @Test
    void anOversizedSidecarIsCorrupt() throws IOException {
        Files.write(sidecar, new byte[MetadataCodec.MAX_BYTES + 1]);

        assertThatThrownBy(() -> new SidecarReader(false).read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("at most " + MetadataCodec.MAX_BYTES);
    }

    @Test
    void anUndecodableSidecarIsCorrupt() throws IOException {
        Files.writeString(sidecar, "[1,2,3]");

        assertThatThrownBy(() -> new SidecarReader(false).read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(sidecar.toString());
    }

    @Test
    void anInvalidStoredReferenceIsCorrupt() throws IOException {
        Files.write(sidecar, encoded("../../etc/passwd", 1));

        assertThatThrownBy(() -> new SidecarReader(false).read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("`reference`");
    }

    @Test
    void aSymlinkedImageDirectoryIsCorrupt() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        Path link = Files.createSymbolicLink(real.resolve("link"), image);

        assertThatThrownBy(() -> new SidecarReader(false).read(link))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("symbolic link");
    }

    /** A caching reader whose clock is an hour ahead, so every sidecar on disk counts as settled. */
    private static SidecarReader settledReader() {
        return settledReader(true);
    }

    /** A reader whose clock is an hour ahead, so every file on disk counts as settled. */
    private static SidecarReader settledReader(boolean caching) {
        return new SidecarReader(caching, () -> System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1));
    }

    /** Makes the sidecar a named pipe. */
    private void makeSidecarAPipe() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", sidecar.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
    }

    /** Rewrites the sidecar in place (same file key) with same-sized content and puts its mtime back. */
    private void rewriteInPlaceKeepingMtime(byte[] content) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(sidecar);
        Files.write(sidecar, content);
        Files.setLastModifiedTime(sidecar, mtime);
    }

    @Test
    void theCacheServesAnUnchangedSidecarWithOneStatAndNoOpen() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader();
        Path wrapped = faulty.wrap(image);
        reader.read(wrapped);
        faulty.resetCounts();

        assertThat(reader.read(wrapped).orElseThrow().metadata().size()).hasValue(1);
        assertThat(faulty.count(Op.OPEN)).isZero();
        assertThat(faulty.count(Op.STAT)).isEqualTo(1);

        replaceSidecar(encoded("myapp", 2));
        assertThat(reader.read(wrapped).orElseThrow().metadata().size()).hasValue(2);
        assertThat(faulty.count(Op.OPEN)).isEqualTo(1);
    }

    @Test
    void anUncachedReadNeitherConsultsNorFillsTheCache() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader();
        Path wrapped = faulty.wrap(image);

        reader.readUncached(wrapped, Optional.empty());
        reader.readUncached(wrapped, Optional.empty());
        assertThat(faulty.count(Op.OPEN)).isEqualTo(2);

        reader.read(wrapped);
        assertThat(faulty.count(Op.OPEN)).isEqualTo(3);
        reader.read(wrapped);
        reader.readUncached(wrapped, Optional.empty());
        assertThat(faulty.count(Op.OPEN)).isEqualTo(4);
    }

    @Test
    void aSidecarSpellingTheReferenceAskedForIsThatReferenceAndOtherSpellingsAreParsed() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        ImageReference sameSpelling = ImageReference.parse("myapp");
        ImageReference otherSpelling = ImageReference.parse("docker.io/library/myapp:latest");
        SidecarReader reader = new SidecarReader(false);

        assertThat(reader.read(image, Optional.of(sameSpelling)).orElseThrow().reference()).isSameAs(sameSpelling);
        ImageReference parsed = reader.read(image, Optional.of(otherSpelling)).orElseThrow().reference();
        assertThat(parsed).isEqualTo(otherSpelling).isNotSameAs(otherSpelling);
        assertThat(parsed.original()).isEqualTo("myapp");
    }

    @Test
    void aSidecarOfAnySizeUpToTheCapIsReadWholeAndALargerOneIsRefused() {
        byte[] base = encoded("myapp", 1);
        qt().withExamples(200)
                .forAll(integers().between(0, MetadataCodec.MAX_BYTES - base.length + 64))
                .check(padding -> {
                    byte[] content = new byte[base.length + padding];
                    System.arraycopy(base, 0, content, 0, base.length);
                    Arrays.fill(content, base.length, content.length, (byte) ' ');
                    try {
                        replaceSidecar(content);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    try {
                        return new SidecarReader(false).read(image).orElseThrow().metadata().size().orElseThrow() == 1
                                && content.length <= MetadataCodec.MAX_BYTES;
                    } catch (CorruptMetadataException e) {
                        return content.length > MetadataCodec.MAX_BYTES && e.getMessage().contains("bytes");
                    }
                });
    }

    @Test
    void aCachedSidecarNormalisesItsPlatformOnceAndAnInvalidOneFailsEveryTime() throws IOException {
        Files.write(sidecar, MetadataCodec.encode(LocalImageMetadata.of("myapp", "macOS", "aarch64")));
        SidecarReader reader = settledReader();
        SidecarReader.Sidecar first = reader.read(image).orElseThrow();
        SidecarReader.Sidecar second = reader.read(image).orElseThrow();

        assertThat(second).isSameAs(first);
        assertThat(first.platform()).isEqualTo(Platform.parse("darwin/arm64")).isSameAs(second.platform());

        replaceSidecar(MetadataCodec.encode(LocalImageMetadata.of("myapp", "no such os!", "arm64")));
        SidecarReader.Sidecar invalid = reader.read(image).orElseThrow();
        assertThatThrownBy(invalid::platform).isInstanceOf(InvalidPlatformException.class);
        assertThatThrownBy(invalid::platform).isInstanceOf(InvalidPlatformException.class);
    }

    @Test
    void withoutTheCacheEveryReadOpensTheFile() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = new SidecarReader(false);
        Path wrapped = faulty.wrap(image);

        reader.read(wrapped);
        reader.read(wrapped);

        assertThat(faulty.count(Op.OPEN)).isEqualTo(2);
    }

    @Test
    void aRemovedSidecarIsNoLongerServedFromTheCache() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = new SidecarReader(true);
        reader.read(image);
        Files.delete(sidecar);

        assertThat(reader.read(image)).isEmpty();
    }

    @Test
    void aRegularFileWhereTheImageDirectoryShouldBeIsCorrupt() throws IOException {
        Path file = Files.writeString(real.resolve("file"), "x");

        assertThatThrownBy(() -> new SidecarReader(false).read(file))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("a regular file");
    }

    @Test
    void aSidecarWithTheSameFileKeySizeAndMtimeButNewContentIsNotServedStale() throws IOException {
        // What inode reuse looks like: a new sidecar of the same size, written within the same timestamp tick.
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = new SidecarReader(true);
        assertThat(reader.read(image).orElseThrow().metadata().size()).hasValue(1);

        rewriteInPlaceKeepingMtime(encoded("myapp", 2));

        assertThat(reader.read(image).orElseThrow().metadata().size()).hasValue(2);
    }

    @Test
    void aSettledSidecarRecreatedWithTheSameSizeAndMtimeIsReReadEvenWhenItsInodeNumberIsReused()
            throws IOException {
        // Deleting a file and creating another at once usually gets the freed inode number back: the new
        // sidecar then has the same file key, size and (set back) mtime, and only its birth time differs.
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader();
        for (int version = 2; version < 12; version++) {
            reader.read(image);
            FileTime mtime = Files.getLastModifiedTime(sidecar);
            Files.delete(sidecar);
            Files.write(sidecar, encoded("myapp", version % 10));
            Files.setLastModifiedTime(sidecar, mtime);

            assertThat(reader.read(image).orElseThrow().metadata().size()).hasValue(version % 10);
        }
    }

    @Test
    void withoutTheCacheASettledImageDirectoryStandsInForTheSidecarsStatButTheFileIsReadEveryTime()
            throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader(false);
        Path wrapped = faulty.wrap(image);
        reader.read(wrapped);
        assertThat(faulty.count(Op.STAT)).isEqualTo(2);
        faulty.resetCounts();

        assertThat(reader.read(wrapped).orElseThrow().metadata().size()).hasValue(1);
        assertThat(faulty.count(Op.STAT)).isEqualTo(1);
        assertThat(faulty.count(Op.OPEN)).isEqualTo(1);

        Files.write(sidecar, encoded("myapp", 2)); // in place: the directory is unchanged, the content is not
        assertThat(reader.read(wrapped).orElseThrow().metadata().size()).hasValue(2);
    }

    @Test
    void aListingReadUsesTheCheckedDirectoriesButNeverTheCache() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader();
        Path wrapped = faulty.wrap(image);
        reader.readUncached(wrapped, Optional.empty());
        assertThat(faulty.count(Op.STAT)).isEqualTo(2);
        faulty.resetCounts();

        assertThat(reader.readUncached(wrapped, Optional.empty()).orElseThrow().metadata().size()).hasValue(1);
        assertThat(faulty.count(Op.STAT)).isEqualTo(1);
        assertThat(faulty.count(Op.OPEN)).isEqualTo(1);

        reader.read(wrapped);
        assertThat(faulty.count(Op.OPEN)).as("the listing filled no cache").isEqualTo(2);
    }

    @Test
    void aCheckedDirectoryIsKnownByItsFileKeyWhicheverPathReachesIt() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader(false);
        reader.read(image);
        Path moved = Files.move(image, real.resolve("moved"));
        Path wrapped = faulty.wrap(moved);

        assertThat(reader.read(wrapped).orElseThrow().metadata().size()).hasValue(1);
        assertThat(faulty.count(Op.STAT)).isEqualTo(1);
        assertThat(faulty.count(Op.OPEN)).isEqualTo(1);
    }

    @Test
    void aPipeThatReplacesACheckedSidecarIsStillRefusedAndNeverOpened() throws Exception {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader(false);
        reader.read(image);
        reader.read(image);
        Files.delete(sidecar);
        makeSidecarAPipe();

        assertThatThrownBy(() -> reader.read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("special file");
    }

    @Test
    void anImageDirectoryReplacedByASymlinkAfterItWasCheckedIsRefused() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = settledReader(false);
        reader.read(image);
        Path moved = Files.move(image, real.resolve("moved"));
        Files.createSymbolicLink(image, moved);

        assertThatThrownBy(() -> reader.read(image))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void anImageDirectoryChangedWithinTheSettlingTimeIsCheckedAgainOnEveryRead() throws IOException {
        Files.write(sidecar, encoded("myapp", 1));
        SidecarReader reader = new SidecarReader(false);
        Path wrapped = faulty.wrap(image);
        reader.read(wrapped);
        faulty.resetCounts();

        reader.read(wrapped);

        assertThat(faulty.count(Op.STAT)).isEqualTo(2);
    }

    @Test
    void onlySidecarsUnchangedForTheSettlingTimeAreCacheable() {
        FileTime changed = FileTime.fromMillis(1_000_000);
        SidecarReader.ChangeToken token = new SidecarReader.ChangeToken("key", 10, changed, changed);

        assertThat(token.cacheable(1_000_000 + SidecarReader.SETTLED_MILLIS - 1)).isFalse();
        assertThat(token.cacheable(1_000_000 + SidecarReader.SETTLED_MILLIS)).isTrue();
        assertThat(new SidecarReader.ChangeToken(null, 10, changed, changed).cacheable(Long.MAX_VALUE)).isFalse();
    }
}
