package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListingTest {
    @TempDir
    Path root;

    private final SidecarReader reader = new SidecarReader(false);

    @BeforeEach
    void setUp() throws IOException {
        for (String name : new String[] {"a", "b"}) {
            Path image = Files.createDirectory(root.resolve(name));
            Files.write(image.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE),
                    MetadataCodec.encode(LocalImageMetadata.of(name + ":1", "darwin", "arm64")));
        }
        Files.createDirectories(root.resolve(".imagestore/locks"));
    }

    /** What one image's location was during a pass, and what reading through it gave. */
    private record Visit(SidecarLocation location, Optional<String> reference, Optional<Throwable> failure) {}

    /** Lists {@code listed}, reading each image through its location while the pass holds the root open. */
    private Map<String, Visit> visits(Path listed) {
        Map<String, Visit> found = new TreeMap<>();
        ImageListing.forEach(listed, (name, location) -> {
            try {
                found.put(name, new Visit(location, reader.readUncached(location, Optional.empty())
                        .map(sidecar -> sidecar.metadata().reference()), Optional.empty()));
            } catch (RuntimeException e) {
                found.put(name, new Visit(location, Optional.empty(), Optional.of(e)));
            }
        });
        return found;
    }

    @Test
    void onLinuxImagesAreReachedRelativeToTheRootAndReadAsByPath() {
        Map<String, Visit> relative = visits(root);

        assertThat(relative).containsOnlyKeys("a", "b");
        for (Map.Entry<String, Visit> entry : relative.entrySet()) {
            Visit visit = entry.getValue();
            assertThat(visit.location()).isInstanceOf(SidecarLocation.Relative.class);
            assertThat(visit.location().directory()).isEqualTo(root.resolve(entry.getKey()));
            assertThat(visit.reference()).isEqualTo(reader.readUncached(root.resolve(entry.getKey()), Optional.empty())
                    .map(sidecar -> sidecar.metadata().reference()));
        }
    }

    @Test
    void aFileSystemWithoutSecureDirectoryStreamsIsReadByPath() {
        FaultyFileSystem faulty = new FaultyFileSystem();

        Map<String, Visit> byPath = visits(faulty.wrap(root));

        assertThat(byPath).containsOnlyKeys("a", "b");
        assertThat(byPath.values()).allMatch(visit -> visit.location() instanceof SidecarLocation.ByPath);
        assertThat(byPath.get("a").reference()).hasValue("a:1");
    }

    @Test
    void aSymlinkedImageDirectoryIsRefusedRelativeToTheRootToo() throws IOException {
        Path outside = Files.createDirectories(root.resolve(".imagestore/outside"));
        Files.copy(root.resolve("a").resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE),
                outside.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE));
        Files.createSymbolicLink(root.resolve("c"), outside);

        Visit link = visits(root).get("c");

        assertThat(link.location()).isInstanceOf(SidecarLocation.Relative.class);
        assertThat(link.failure()).get().isInstanceOf(CorruptMetadataException.class)
                .extracting(Throwable::getMessage).asString().contains("symbolic link");
    }
}
