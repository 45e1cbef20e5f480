package io.imagestore.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The directory-name rules of {@link DirectoryNameRules}, checked on thousands of generated reference
 * pairs that are built to be close to each other (same registry pool, tiny alphabets, tags differing by
 * case), where a lossy mapping would collide.
 */
class DirectoryNamePropertiesTest {
    private static final List<String> REGISTRIES = List.of("", "docker.io/", "localhost:5000/", "localhost/",
            "ghcr.io/", "a.b/", "a-b.c:1/", "[::1]:5000/", "Reg.IO/");
    private static final String PATH_CHARS = "ab0";
    private static final List<String> SEPARATORS = List.of(".", "_", "__", "-", "--");
    private static final String TAG_CHARS = "aAbB0_.-";

    @TempDir
    Path temp;

    @Test
    void everyNameIsSafeAndNoTwoReferencesShareOne() {
        try (FsLocalImageStore store = FsLocalImageStore.open(temp.resolve("s"))) {
            qt().withExamples(3000).withShrinkCycles(200).forAll(references(), references())
                    .checkAssert((a, b) -> {
                        String nameA = DirectoryNameRules.assertSafe(store.root(), a, store.imageDirectory(a));
                        String nameB = DirectoryNameRules.assertSafe(store.root(), b, store.imageDirectory(b));
                        DirectoryNameRules.assertDistinct(a, nameA, b, nameB);
                        for (ImageReference near : DirectoryNameRules.neighbours(a)) {
                            String nameNear = DirectoryNameRules.assertSafe(store.root(), near,
                                    store.imageDirectory(near));
                            DirectoryNameRules.assertDistinct(a, nameA, near, nameNear);
                        }
                    });
        }
    }

    @Test
    void theMappingIsStableAndIgnoresTheSpelling() {
        try (FsLocalImageStore store = FsLocalImageStore.open(temp.resolve("s"));
                FsLocalImageStore again = FsLocalImageStore.open(temp.resolve("s"))) {
            qt().withExamples(1000).forAll(references()).checkAssert(reference -> {
                Path directory = store.imageDirectory(reference);
                assertThat(again.imageDirectory(reference)).isEqualTo(directory);
                assertThat(store.imageDirectory(ImageReference.parse(reference.familiar())))
                        .isEqualTo(directory);
            });
        }
    }

    @Test
    void theZlayerLayoutStaysInsideTheRoot() {
        try (FsLocalImageStore store = FsLocalImageStore.builder(temp.resolve("z")).layout(Layout.ZLAYER).open()) {
            qt().withExamples(1000).forAll(references()).checkAssert(reference ->
                    DirectoryNameRules.assertContainedOrRefused(store, reference));
        }
    }

    private static Gen<ImageReference> references() {
        Gen<String> texts = DirectoryNamePropertiesTest::referenceText;
        return texts.map(DirectoryNameRules::parse).assuming(Optional::isPresent)
                .map(Optional::get).describedAs(ImageReference::canonical);
    }

    private static String referenceText(RandomnessSource in) {
        String registry = REGISTRIES.get(between(in, 0, REGISTRIES.size() - 1));
        StringBuilder text = new StringBuilder(registry);
        int components = between(in, 1, 3);
        for (int i = 0; i < components; i++) {
            text.append(i == 0 ? "" : "/").append(word(in, PATH_CHARS, 1, 3));
            if (between(in, 0, 2) == 0) {
                text.append(SEPARATORS.get(between(in, 0, SEPARATORS.size() - 1))).append(word(in, PATH_CHARS, 1, 2));
            }
        }
        if (between(in, 0, 30) == 0) {
            text.append("x".repeat(between(in, 100, 240)));
        }
        if (between(in, 0, 3) > 0) {
            text.append(':').append(word(in, "aA0_", 1, 1)).append(word(in, TAG_CHARS, 0, 4));
        }
        if (between(in, 0, 4) == 0) {
            text.append("@sha256:").append(String.valueOf(between(in, 0, 9)).repeat(64));
        }
        return text.toString();
    }

    private static String word(RandomnessSource in, String alphabet, int min, int max) {
        int length = between(in, min, max);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(between(in, 0, alphabet.length() - 1)));
        }
        return out.toString();
    }

    private static int between(RandomnessSource in, int min, int max) {
        return (int) in.next(Constraint.between(min, max));
    }
}
