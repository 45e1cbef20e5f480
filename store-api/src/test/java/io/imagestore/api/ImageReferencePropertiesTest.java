package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ImageReferencePropertiesTest {
    @Test
    void canonicalFormRoundTrips() {
        qt().withExamples(2000).forAll(ReferenceGenerators.validReferences()).checkAssert(text -> {
            ImageReference reference = ImageReference.parse(text);
            ImageReference again = ImageReference.parse(reference.canonical());
            assertThat(again).isEqualTo(reference);
            assertThat(again.canonical()).isEqualTo(reference.canonical());
            assertThat(ImageReference.parse(reference.familiar())).isEqualTo(reference);
        });
    }

    @Test
    void canonicalFormIsFullyQualified() {
        qt().withExamples(2000).forAll(ReferenceGenerators.validReferences()).checkAssert(text -> {
            ImageReference reference = ImageReference.parse(text);
            assertThat(reference.canonical()).startsWith(reference.registry() + "/" + reference.repository());
            assertThat(reference.tag().isPresent() || reference.digest().isPresent()).isTrue();
            assertThat(reference.registry()).isNotEqualTo("index.docker.io");
        });
    }

    /** Docker's grammar (distribution/reference), as the oracle for the hand-written checks. */
    private static final Pattern HOST = Pattern.compile(
            "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*");
    private static final Pattern PATH = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    @Test
    void hostNamesAndPathsAreAcceptedExactlyWhenDockersGrammarMatchesThem() {
        qt().withExamples(20_000)
                .forAll(in -> ReferenceGenerators.chars(in, "aZ0-.", 0, 9), in -> ReferenceGenerators.chars(in, "a0._-/", 1, 12))
                .checkAssert((host, path) -> {
                    boolean valid = HOST.matcher(host).matches() && PATH.matcher(path).matches();
                    String text = host + ":5000/" + path + ":t";
                    try {
                        ImageReference reference = ImageReference.parse(text);
                        assertThat(valid).as("%s was accepted", text).isTrue();
                        assertThat(reference.repository()).isEqualTo(path);
                    } catch (InvalidReferenceException e) {
                        assertThat(valid).as("%s was refused: %s", text, e.getMessage()).isFalse();
                    }
                });
    }

    @Test
    void theCanonicalFormIsAssembledFromThePartsAndACanonicalSpellingIsShared() {
        qt().withExamples(2000).forAll(ReferenceGenerators.validReferences()).checkAssert(text -> {
            ImageReference reference = ImageReference.parse(text);
            String assembled = reference.registry() + "/" + reference.repository()
                    + reference.tag().map(tag -> ":" + tag).orElse("") + reference.digest().map(d -> "@" + d).orElse("");
            assertThat(reference.canonical()).isEqualTo(assembled);
            assertThat(reference.canonical() == text).isEqualTo(text.equals(assembled));
            String canonical = new String(reference.canonical());
            assertThat(ImageReference.parse(canonical).canonical()).isSameAs(canonical);
        });
    }

    @Test
    void arbitraryTextParsesOrThrowsOnlyInvalidReferenceException() {
        qt().withExamples(5000).forAll(ReferenceGenerators.arbitraryText()).checkAssert(text -> {
            try {
                ImageReference reference = ImageReference.parse(text);
                assertThat(ImageReference.parse(reference.canonical())).isEqualTo(reference);
            } catch (InvalidReferenceException expected) {
                assertThat(expected.getMessage()).startsWith("invalid image reference");
            }
        });
    }
}
