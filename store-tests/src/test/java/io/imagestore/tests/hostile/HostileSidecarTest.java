package io.imagestore.tests.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.ReferenceConflictException;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.Layout;
import io.imagestore.tests.support.Sidecars;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sidecars of every hostile shape, planted by hand: each read fails quickly with its typed error naming
 * the file, only for that image; {@code list()}, {@code prune()} and the other images keep working; and
 * nothing outside the root is read or written, even through symbolic links.
 */
class HostileSidecarTest {
    private static final ImageReference VICTIM = ImageReference.parse("victim:1");
    private static final ImageReference GOOD = ImageReference.parse("ghcr.io/good/img:2");
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @TempDir
    Path temp;
    private FsLocalImageStore store;
    private Path outside;

    /** Plants a hostile sidecar at {@code sidecar}; {@code outside} is a directory beside the store. */
    interface Plant {
        void at(Path sidecar, Path outside) throws IOException;
    }

    static Stream<Arguments> cases() {
        List<Arguments> shapes = List.of(
                Arguments.of("empty", text(""), CorruptMetadataException.class),
                Arguments.of("truncated", text("{\"reference\":\"victim:1\",\"os\":\"darwin\",\"archi"), CorruptMetadataException.class),
                Arguments.of("binary", (Plant) (sidecar, outside) -> Files.write(sidecar, binary()), CorruptMetadataException.class),
                Arguments.of("JSON array", text("[{\"reference\":\"victim:1\",\"os\":\"linux\",\"architecture\":\"amd64\"}]"),
                        CorruptMetadataException.class),
                Arguments.of("wrong types", text("{\"reference\":\"victim:1\",\"os\":[\"linux\"],\"architecture\":64}"),
                        CorruptMetadataException.class),
                Arguments.of("nulls", text("{\"reference\":null,\"os\":null,\"architecture\":null}"), CorruptMetadataException.class),
                Arguments.of("missing fields", text("{\"reference\":\"victim:1\"}"), CorruptMetadataException.class),
                Arguments.of("negative size", text("{\"reference\":\"victim:1\",\"os\":\"linux\",\"architecture\":\"amd64\",\"size\":-1}"),
                        CorruptMetadataException.class),
                Arguments.of("100k-deep nesting", text("{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000)
                        + ",\"reference\":\"victim:1\",\"os\":\"linux\",\"architecture\":\"amd64\"}"), CorruptMetadataException.class),
                Arguments.of("64 MiB file", (Plant) (sidecar, outside) -> {
                    try (RandomAccessFile file = new RandomAccessFile(sidecar.toFile(), "rw")) {
                        file.write(MetadataCodec.encode(Sidecars.of("victim:1")));
                        file.setLength(64L << 20);
                    }
                }, CorruptMetadataException.class),
                Arguments.of("symlink to a file outside the store", (Plant) (sidecar, outside) ->
                        Files.createSymbolicLink(sidecar, outside.resolve("metadata.json")), CorruptMetadataException.class),
                Arguments.of("directory named metadata.json", (Plant) (sidecar, outside) -> Files.createDirectory(sidecar),
                        CorruptMetadataException.class),
                Arguments.of("sidecar naming another reference", text(new String(MetadataCodec.encode(Sidecars.of("other:9")), UTF_8)),
                        ReferenceConflictException.class));
        return Stream.of(Layout.values()).flatMap(layout -> shapes.stream().map(shape -> {
            Object[] values = shape.get();
            return Arguments.of(layout, values[0], values[1], values[2]);
        }));
    }

    private static Plant text(String content) {
        return (sidecar, outside) -> Files.writeString(sidecar, content);
    }

    private static byte[] binary() {
        byte[] bytes = new byte[4096];
        new Random(4096).nextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    private void open(Layout layout) throws IOException {
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.write(outside.resolve("metadata.json"), MetadataCodec.encode(Sidecars.of("victim:1")));
        Files.setLastModifiedTime(outside.resolve("metadata.json"), FileTime.fromMillis(1_000_000));
        store = FsLocalImageStore.builder(temp.resolve("store")).layout(layout).open();
        store.write(Sidecars.of(GOOD.original()));
    }

    @AfterEach
    void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
        assertThat(outside.resolve("metadata.json")).as("outside the root: unchanged")
                .hasBinaryContent(MetadataCodec.encode(Sidecars.of("victim:1")));
        assertThat(Files.getLastModifiedTime(outside.resolve("metadata.json"))).isEqualTo(FileTime.fromMillis(1_000_000));
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metadata.json");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void failsOnlyItsOwnImage(Layout layout, String shape, Plant plant, Class<? extends ImageStoreException> expected)
            throws IOException {
        open(layout);
        Path sidecar = store.imageDirectory(VICTIM).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        Files.createDirectories(sidecar.getParent().resolve("rootfs"));
        plant.at(sidecar, outside);

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> store.read(VICTIM));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure).as(shape).isInstanceOf(expected).hasMessageContaining(sidecar.getParent().toString());
        assertThat(took).as("time to refuse %s", shape).isLessThan(QUICKLY);
        assertThat(store.read(GOOD)).isPresent();
        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly(GOOD.original());
        store.prune(PruneOptions.defaults().withGrace(Duration.ZERO));
        assertThat(store.read(GOOD)).isPresent();
        assertThat(store.write(Sidecars.version(GOOD.original(), 0, 3)).size()).hasValue(3);
        assertThat(store.resolvePlatform(GOOD).platform()).isPresent();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aWriteEitherReplacesItOrRefusesWithoutTouchingAnythingElse(Layout layout, String shape, Plant plant,
            Class<? extends ImageStoreException> expected) throws IOException {
        open(layout);
        Path sidecar = store.imageDirectory(VICTIM).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        Files.createDirectories(sidecar.getParent());
        plant.at(sidecar, outside);

        Throwable failure = catchThrowable(() -> store.write(Sidecars.version("victim:1", 0, 5)));

        if (failure == null) {
            assertThat(store.read(VICTIM).orElseThrow().size()).as(shape).hasValue(5);
            assertThat(sidecar).as("a replaced sidecar is a regular file in the store").isRegularFile();
        } else {
            assertThat(failure).as(shape).isInstanceOf(ImageStoreException.class);
        }
        assertThat(store.read(GOOD)).isPresent();
        try (Stream<Path> temps = Files.walk(temp.resolve("store"))) {
            assertThat(temps.map(Path::toString).filter(p -> p.contains(".tmp-")).collect(Collectors.toList())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void anImageDirectoryThatIsASymlinkOutsideIsNeverFollowed(Layout layout) throws IOException {
        open(layout);
        Path directory = store.imageDirectory(VICTIM);
        Files.createSymbolicLink(directory, outside);

        assertThat(catchThrowable(() -> store.read(VICTIM))).isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(directory.toString());
        assertThat(catchThrowable(() -> store.write(Sidecars.version("victim:1", 0, 5))))
                .isInstanceOf(ImageStoreException.class);
        assertThat(store.list()).extracting(LocalImageMetadata::reference).containsExactly(GOOD.original());
        store.prune(PruneOptions.defaults().withGrace(Duration.ZERO).withAllUnused(true));
        assertThat(store.list()).isEmpty();
    }

    static Stream<Layout> layouts() {
        return Stream.of(Layout.values());
    }
}
