package io.imagestore.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

class WrittenSidecarTest {
    private static final String SOURCE = "/store/x/metadata.json";

    @Test
    void readsTheWrittenForm() {
        LocalImageMetadata metadata = LocalImageMetadata.of("registry.example.com/app:v1", "darwin", "arm64")
                .withSize(4096).withDigest("sha256:00").withCreated("2026-01-01T00:00:00Z");
        assertThat(WrittenSidecar.read(MetadataCodec.encode(metadata))).isEqualTo(metadata);
        LocalImageMetadata minimal = LocalImageMetadata.of("ü:1", "linux", "arm/v7");
        assertThat(WrittenSidecar.read(MetadataCodec.encode(minimal))).isEqualTo(minimal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"size\":007}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"size\":null}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"size\":1234567890123456789}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"digest\":null}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"extra\":1}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\"} ",
        "{\"os\":\"l\",\"reference\":\"a\",\"architecture\":\"x\"}",
        "{\"reference\":\"a\\u0062\",\"os\":\"l\",\"architecture\":\"x\"}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"created\":\"t\",\"digest\":\"d\"}",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\"",
        "{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"x\",\"size\":}",
    })
    void leavesEverythingElseToTheFullReader(String json) {
        assertThat(WrittenSidecar.read(json.getBytes(UTF_8))).isNull();
    }

    @Test
    void readsEveryEncodedSidecarItCanAndAgreesWithTheFullReader() {
        qt().withExamples(3000).forAll(MetadataCodecTest.metadata()).checkAssert(metadata -> {
            LocalImageMetadata read = WrittenSidecar.read(MetadataCodec.encode(metadata));
            assertThat(read == null || read.equals(metadata)).isTrue();
        });
        qt().withExamples(3000).forAll(plainMetadata()).checkAssert(metadata ->
                assertThat(WrittenSidecar.read(MetadataCodec.encode(metadata))).isEqualTo(metadata));
    }

    @Test
    void acceptsOnlyWhatTheFullReaderReadsTheSameWay() {
        qt().withExamples(10_000).forAll(plainMetadata(), edits()).checkAssert((metadata, edit) -> {
            byte[] json = edited(MetadataCodec.encode(metadata), edit);
            LocalImageMetadata read = WrittenSidecar.read(json);
            if (read != null) {
                assertThat(MetadataCodec.decodeAnyForm(json, SOURCE)).isEqualTo(read);
            }
        });
    }

    /** Metadata whose strings need no escapes: what builders write, so the written form applies. */
    private static Gen<LocalImageMetadata> plainMetadata() {
        Gen<String> text = in -> {
            StringBuilder out = new StringBuilder();
            int length = ReferenceGenerators.between(in, 0, 12);
            for (int i = 0; i < length; i++) {
                out.append("ab:/.-_0129Zé€😀 ".charAt(ReferenceGenerators.between(in, 0, 16)));
            }
            return out.toString().replace("\ud83d", "x").replace("\ude00", "y");
        };
        return in -> {
            LocalImageMetadata metadata = LocalImageMetadata.of(text.generate(in), text.generate(in), text.generate(in));
            if (ReferenceGenerators.between(in, 0, 1) == 1) {
                metadata = metadata.withSize(ReferenceGenerators.between(in, 0, Integer.MAX_VALUE));
            }
            if (ReferenceGenerators.between(in, 0, 1) == 1) {
                metadata = metadata.withDigest(text.generate(in));
            }
            if (ReferenceGenerators.between(in, 0, 1) == 1) {
                metadata = metadata.withCreated(text.generate(in));
            }
            return metadata;
        };
    }

    /** {kind (0 replace, 1 insert, 2 delete, 3 none), position, byte}. */
    private static Gen<int[]> edits() {
        return in -> new int[] {ReferenceGenerators.between(in, 0, 3), ReferenceGenerators.between(in, 0, 10_000),
            ReferenceGenerators.between(in, 0, 255)};
    }

    private static byte[] edited(byte[] json, int[] edit) {
        int at = edit[1] % json.length;
        String alphabet = "{}\":,0123456789-. \\nul\u00ff";
        byte value = (byte) alphabet.charAt(edit[2] % alphabet.length());
        switch (edit[0]) {
            case 0:
                byte[] replaced = json.clone();
                replaced[at] = value;
                return replaced;
            case 1:
                byte[] inserted = new byte[json.length + 1];
                System.arraycopy(json, 0, inserted, 0, at);
                inserted[at] = value;
                System.arraycopy(json, at, inserted, at + 1, json.length - at);
                return inserted;
            case 2:
                byte[] deleted = Arrays.copyOf(json, json.length - 1);
                System.arraycopy(json, at + 1, deleted, at, json.length - at - 1);
                return deleted;
            default:
                return json;
        }
    }
}
