package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.imagestore.api.ImageReference;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDirectoriesTest {
    private static final List<String> SPELLINGS = List.of("myapp", "myapp:latest", "docker.io/library/myapp",
            "docker.io/library/myapp:latest", "library/myapp:latest", "ghcr.io/o/app:1", "ghcr.io/o/app:1.0",
            "registry.example.com:5000/team/app@sha256:" + "a".repeat(64), "localhost/x:y");

    @Test
    void rememberedCandidatesAreTheComputedOnesForEverySpellingInBothLayouts() {
        qt().withExamples(1000)
                .forAll(integers().between(0, SPELLINGS.size() - 1), integers().between(0, SPELLINGS.size() - 1),
                        integers().between(0, 1))
                .check((first, second, layoutIndex) -> {
                    ImageDirectories directories = new ImageDirectories(Path.of("/store"), Layout.values()[layoutIndex]);
                    ImageReference a = ImageReference.parse(SPELLINGS.get(first));
                    ImageReference b = ImageReference.parse(SPELLINGS.get(second));
                    directories.candidates(a);
                    return directories.candidates(b).equals(directories.computeCandidates(b))
                            && directories.candidates(a).equals(directories.computeCandidates(a));
                });
    }

    @Test
    void theRankOfANameIsItsIndexAmongTheComputedCandidatesInBothLayouts() {
        qt().withExamples(1000)
                .forAll(integers().between(0, SPELLINGS.size() - 1), integers().between(0, SPELLINGS.size() - 1),
                        integers().between(0, 1))
                .check((named, asked, layoutIndex) -> {
                    ImageDirectories directories = new ImageDirectories(Path.of("/store"), Layout.values()[layoutIndex]);
                    ImageReference reference = ImageReference.parse(SPELLINGS.get(asked));
                    List<String> names = directories.computeCandidates(ImageReference.parse(SPELLINGS.get(named)));
                    return names.stream().allMatch(name -> directories.rankOf(name, reference)
                            == directories.computeCandidates(reference).indexOf(name));
                });
    }

    @Test
    void inTheZlayerLayoutEqualReferencesSpelledDifferentlyKeepTheirOwnCandidates() {
        ImageDirectories directories = new ImageDirectories(Path.of("/store"), Layout.ZLAYER);
        ImageReference shortSpelling = ImageReference.parse("myapp");
        ImageReference longSpelling = ImageReference.parse("docker.io/library/myapp:latest");

        List<String> forShort = directories.candidates(shortSpelling);
        List<String> forLong = directories.candidates(longSpelling);

        assertThat(shortSpelling).isEqualTo(longSpelling);
        assertThat(forShort.get(0)).isNotEqualTo(forLong.get(0));
        assertThat(forLong).isEqualTo(directories.computeCandidates(longSpelling));
    }

    @Test
    void theMemoryIsBoundedAndStaysCorrectAfterItEmpties() {
        ImageDirectories directories = new ImageDirectories(Path.of("/store"), Layout.IMAGESTORE);
        ImageReference first = ImageReference.parse("app-first:1");
        List<String> remembered = directories.candidates(first);
        for (int i = 0; i < ImageDirectories.MAX_REMEMBERED + 1; i++) {
            directories.candidates(ImageReference.parse("app-" + i + ":1"));
        }

        assertThat(directories.candidates(first)).isEqualTo(remembered).isNotSameAs(remembered);
        assertThat(directories.candidates(first)).isSameAs(directories.candidates(first));
    }
}
