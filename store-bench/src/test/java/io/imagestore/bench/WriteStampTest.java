package io.imagestore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import org.junit.jupiter.api.Test;

class WriteStampTest {
    @Test
    void everyStampSurvivesTheSidecarCodec() {
        LocalImageMetadata template = SampleImages.metadata(0);
        qt().withExamples(2000).forAll(integers().between(1, 9_999), longs().between(0, 999_999_999L))
                .checkAssert((writer, sequence) -> {
                    WriteStamp stamp = new WriteStamp(writer, sequence);
                    byte[] sidecar = MetadataCodec.encode(stamp.stamp(template));
                    assertThat(WriteStamp.of(MetadataCodec.decode(sidecar, "stamp"))).isEqualTo(stamp);
                });
    }

    @Test
    void aSidecarWithoutSizeCarriesNoWriter() {
        assertThat(WriteStamp.of(LocalImageMetadata.of("alpine", "linux", "amd64")).writer()).isZero();
    }
}
