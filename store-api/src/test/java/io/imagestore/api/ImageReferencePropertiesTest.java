package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

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
