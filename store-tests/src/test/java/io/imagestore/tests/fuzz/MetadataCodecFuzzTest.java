package io.imagestore.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;

/**
 * Fuzzes {@link MetadataCodec#decode}: any bytes either decode or give {@link CorruptMetadataException}
 * naming the source; whatever decodes encodes to a sidecar that decodes to the same metadata, and
 * encoding is a fixed point after one round.
 */
class MetadataCodecFuzzTest {
    private static final String SOURCE = "fuzz/metadata.json";

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        LocalImageMetadata metadata;
        try {
            metadata = MetadataCodec.decode(input, SOURCE);
        } catch (CorruptMetadataException refused) {
            assertThat(refused.source()).isEqualTo(SOURCE);
            assertThat(refused).hasMessageContaining(SOURCE);
            return;
        }
        byte[] encoded = MetadataCodec.encode(metadata);
        LocalImageMetadata decoded = MetadataCodec.decode(encoded, SOURCE);
        assertThat(decoded).isEqualTo(metadata);
        assertThat(MetadataCodec.encode(decoded)).isEqualTo(encoded);
    }
}
