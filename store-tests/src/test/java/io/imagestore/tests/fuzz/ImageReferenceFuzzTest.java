package io.imagestore.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link ImageReference#parse}: it only ever refuses with {@link InvalidReferenceException}, and a
 * parsed reference round-trips through its canonical and familiar forms.
 */
class ImageReferenceFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ImageReference reference;
        try {
            reference = ImageReference.parse(text);
        } catch (InvalidReferenceException refused) {
            assertThat(refused).hasMessageStartingWith("invalid image reference");
            return;
        }
        ImageReference canonical = ImageReference.parse(reference.canonical());
        assertThat(canonical).isEqualTo(reference);
        assertThat(canonical.canonical()).isEqualTo(reference.canonical());
        assertThat(canonical.original()).isEqualTo(reference.canonical());
        assertThat(ImageReference.parse(reference.familiar())).isEqualTo(reference);
        assertThat(reference.original()).isEqualTo(text);
        assertThat(reference.canonical()).startsWith(reference.name())
                .isEqualTo(reference.toString());
        assertThat(reference.tag().isPresent() || reference.digest().isPresent()).isTrue();
    }
}
