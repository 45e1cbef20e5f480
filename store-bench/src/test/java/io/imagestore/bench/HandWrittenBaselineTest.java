package io.imagestore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each baseline does the job its figure claims, on real files: otherwise a ratio would compare unequal work. */
class HandWrittenBaselineTest {
    @TempDir
    Path directory;

    @Test
    void durableWriteLeavesExactlyTheEncodedSidecarAndNoTempFile() throws IOException {
        LocalImageMetadata first = SampleImages.metadata(1);
        LocalImageMetadata second = SampleImages.metadata(2);

        HandWrittenBaseline.write(directory, first, true);
        HandWrittenBaseline.write(directory, second, true);

        assertThat(Files.readAllBytes(directory.resolve("metadata.json"))).isEqualTo(MetadataCodec.encode(second));
        assertThat(namesIn(directory)).containsExactly("metadata.json");
    }

    @Test
    void writeWithoutFsyncAlsoReplacesTheSidecarWhole() throws IOException {
        HandWrittenBaseline.write(directory, SampleImages.metadata(1), false);
        HandWrittenBaseline.write(directory, SampleImages.metadata(3), false);

        assertThat(HandWrittenBaseline.read(directory)).isEqualTo(SampleImages.metadata(3));
        assertThat(namesIn(directory)).containsExactly("metadata.json");
    }

    @Test
    void statSeesTheSidecarItself() throws IOException {
        HandWrittenBaseline.write(directory, SampleImages.metadata(4), false);

        assertThat(HandWrittenBaseline.stat(directory).size())
                .isEqualTo(MetadataCodec.encode(SampleImages.metadata(4)).length);
    }

    @Test
    void listDecodesEverySidecarAndPassesOverEntriesWithout() throws IOException {
        for (int i = 0; i < 3; i++) {
            HandWrittenBaseline.write(Files.createDirectory(directory.resolve("image-" + i)), SampleImages.metadata(i),
                    false);
        }
        Files.createDirectories(directory.resolve(".imagestore").resolve("locks"));
        Files.createDirectory(directory.resolve("half-built"));
        Files.writeString(directory.resolve("stray-file"), "x");

        assertThat(HandWrittenBaseline.list(directory))
                .containsExactlyInAnyOrder(SampleImages.metadata(0), SampleImages.metadata(1), SampleImages.metadata(2));
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
