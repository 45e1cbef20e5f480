package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.imagestore.api.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The blob origins codec (properties) and the record in the blob area. */
class BlobOriginsTest {
    private static final int EXAMPLES = 2000;

    @TempDir
    Path root;

    /** Valid origins: a registry host (with a port sometimes) and a one- to three-component repository. */
    private static Gen<String> origins() {
        Gen<String> component = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8);
        Gen<String> registry = component.zip(integers().between(0, 70000), (name, port) ->
                port == 0 ? name + ".example" : port > 65535 ? "127.0.0.1:" + (port - 65535) : name + ".io:" + port);
        return registry.zip(lists().of(component).ofSizeBetween(1, 3),
                (host, parts) -> host + "/" + String.join("/", parts));
    }

    private static Gen<List<String>> originLists() {
        return lists().of(origins()).ofSizeBetween(0, 14).map(list -> {
            List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(list));
            return distinct.subList(0, Math.min(BlobOrigins.MAX_ORIGINS, distinct.size()));
        });
    }

    /** Stores a blob of {@code text}'s bytes; its digest. */
    static Digest storeBlob(FsLocalImageStore store, String text) throws java.io.IOException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        try (BlobStore.Writer writer = store.blobs().create(Digest.sha256(content), content.length)) {
            writer.write(content);
            writer.commit();
        }
        return Digest.sha256(content);
    }

    @Test
    void everyValidListSurvivesTheRoundTrip() {
        qt().withExamples(EXAMPLES).forAll(originLists()).checkAssert(list -> {
            assertThat(list).allMatch(BlobOrigins::isValid);
            assertThat(BlobOrigins.decode(BlobOrigins.encode(list))).contains(list);
        });
    }

    @Test
    void anyBytesDecodeToNothingOrAValidCanonicalList() {
        Gen<byte[]> hostile = lists().of(integers().between(0, 255)).ofSizeBetween(0, 300).map(values -> {
            byte[] bytes = new byte[values.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (int) values.get(i);
            }
            return bytes;
        });
        qt().withExamples(EXAMPLES * 5).forAll(hostile).checkAssert(bytes -> checkDecoded(bytes, BlobOrigins.decode(bytes)));
    }

    @Test
    void damagedEncodingsDecodeToNothingOrAValidCanonicalList() {
        qt().withExamples(EXAMPLES * 2).forAll(originLists(), integers().between(0, 10_000), integers().between(0, 255),
                Generate.booleans()).checkAssert((list, at, value, truncate) -> {
                    byte[] bytes = BlobOrigins.encode(list);
                    int index = at % bytes.length;
                    byte[] damaged = truncate ? java.util.Arrays.copyOf(bytes, index) : bytes.clone();
                    if (!truncate) {
                        damaged[index] = (byte) (int) value;
                    }
                    checkDecoded(damaged, BlobOrigins.decode(damaged));
                });
        qt().withExamples(EXAMPLES).forAll(strings().allPossible().ofLengthBetween(0, 60)).checkAssert(text -> {
            byte[] bytes = (BlobOrigins.HEADER + "\n" + text + "\n").getBytes(StandardCharsets.UTF_8);
            checkDecoded(bytes, BlobOrigins.decode(bytes));
        });
    }

    private static void checkDecoded(byte[] bytes, Optional<List<String>> decoded) {
        decoded.ifPresent(list -> {
            assertThat(list).allMatch(BlobOrigins::isValid).hasSizeLessThanOrEqualTo(BlobOrigins.MAX_ORIGINS);
            assertThat(new HashSet<>(list)).hasSameSizeAs(list);
            assertThat(BlobOrigins.encode(list)).isEqualTo(bytes);
        });
    }

    @Test
    void addingPutsTheOriginFirstOnceAndKeepsTheNewestTen() {
        qt().withExamples(EXAMPLES).forAll(originLists(), origins()).checkAssert((list, origin) -> {
            List<String> added = BlobOrigins.add(list, origin);
            assertThat(added.get(0)).isEqualTo(origin);
            assertThat(added).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(BlobOrigins.MAX_ORIGINS);
            List<String> rest = new ArrayList<>(list);
            rest.remove(origin);
            assertThat(added.subList(1, added.size())).isEqualTo(rest.subList(0, added.size() - 1));
        });
    }

    @Test
    void namesThatAreNotCanonicalRepositoriesAreNoOrigins() {
        assertThat(BlobOrigins.isValid("docker.io/library/alpine")).isTrue();
        assertThat(BlobOrigins.isValid("127.0.0.1:5000/team/app")).isTrue();
        for (String bad : new String[] {"", "alpine", "docker.io/alpine", "r.io/a:1", "r.io/a@sha256:00", "r.io/A",
                "r.io/a\nr.io/b", "r.io/" + "a".repeat(600)}) {
            assertThat(BlobOrigins.isValid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void theBlobAreaKeepsOriginsOfStoredBlobsRewritesDamagedOnesAndPruneAndFsckRemoveThemWithTheirBlob()
            throws Exception {
        byte[] content = "blob with origins".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            BlobStore blobs = store.blobs();
            blobs.addOrigin(digest, "r.io/not/stored");
            assertThat(blobs.origins(digest)).isEmpty();
            try (BlobStore.Writer writer = blobs.create(digest, content.length)) {
                writer.write(content);
                writer.commit();
            }
            for (int i = 0; i < 12; i++) {
                blobs.addOrigin(digest, "r.io/repo" + i);
            }
            blobs.addOrigin(digest, "r.io/repo5");
            assertThat(blobs.origins(digest)).hasSize(10).startsWith("r.io/repo5", "r.io/repo11", "r.io/repo10")
                    .doesNotContain("r.io/repo0", "r.io/repo1");
            Path file = blobs.directory().resolve("origins/sha256").resolve(digest.hex());
            Files.write(file, new byte[BlobOrigins.MAX_BYTES + 10]);
            assertThat(blobs.origins(digest)).isEmpty();
            blobs.addOrigin(digest, "r.io/again");
            assertThat(blobs.origins(digest)).containsExactly("r.io/again");

            assertThat(store.fsck(false).findings()).isEmpty();
            Files.write(blobs.directory().resolve("sha256").resolve(digest.hex()), "tampered".getBytes(StandardCharsets.UTF_8));
            Files.write(blobs.directory().resolve("origins/sha256").resolve("00".repeat(32)),
                    BlobOrigins.encode(List.of("r.io/stray")));
            Files.write(blobs.directory().resolve("origins/sha256").resolve(digest.hex() + ".tmp-writing"), new byte[3]);
            store.fsck(true);
            assertThat(blobs.contains(digest)).isFalse();
            try (var left = Files.list(blobs.directory().resolve("origins/sha256"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void pruneRemovesAnUnusedBlobTogetherWithItsOrigins() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            Digest digest = storeBlob(store, "unused blob");
            store.blobs().addOrigin(digest, "r.io/team/app");
            Path file = store.blobs().directory().resolve("origins/sha256").resolve(digest.hex());
            assertThat(file).exists();
            store.prune(io.imagestore.api.PruneOptions.defaults().withGrace(java.time.Duration.ZERO));
            assertThat(store.blobs().contains(digest)).isFalse();
            assertThat(file).doesNotExist();
            assertThat(store.blobs().origins(digest)).isEmpty();
        }
    }
}
