package io.imagestore.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

class MetadataCodecTest {
    private static final String SOURCE = "/store/app/metadata.json";

    /** The Rust original's {@code round_trips_through_json}. */
    @Test
    void fullSidecarRoundTrips() {
        LocalImageMetadata metadata = LocalImageMetadata.of("myapp:latest", "darwin", "arm64")
                .withSize(4096).withDigest("sha256:abc");
        String json = MetadataCodec.encodeToString(metadata);
        assertThat(json).isEqualTo(
                "{\"reference\":\"myapp:latest\",\"os\":\"darwin\",\"architecture\":\"arm64\",\"size\":4096,"
                        + "\"digest\":\"sha256:abc\"}");
        assertThat(MetadataCodec.decode(json.getBytes(UTF_8), SOURCE)).isEqualTo(metadata);
    }

    /** The Rust original's {@code unset_optionals_are_omitted_and_default_back}. */
    @Test
    void unsetOptionalsAreOmittedAndDefaultBack() {
        LocalImageMetadata metadata = LocalImageMetadata.of("myapp:latest", "darwin", "arm64");
        String json = MetadataCodec.encodeToString(metadata);
        assertThat(json).doesNotContain("size").doesNotContain("digest").doesNotContain("created");
        LocalImageMetadata back = MetadataCodec.decode(json.getBytes(UTF_8), SOURCE);
        assertThat(back).isEqualTo(metadata);
        assertThat(back.size()).isEmpty();
    }

    @Test
    void writesFieldsInSerdeOrderWithoutWhitespaceOrNewline() {
        LocalImageMetadata metadata = LocalImageMetadata.of("r", "linux", "amd64")
                .withCreated("2026-11-23T14:00:00Z").withDigest("sha256:d").withSize(0);
        assertThat(new String(MetadataCodec.encode(metadata), UTF_8)).isEqualTo(
                "{\"reference\":\"r\",\"os\":\"linux\",\"architecture\":\"amd64\",\"size\":0,"
                        + "\"digest\":\"sha256:d\",\"created\":\"2026-11-23T14:00:00Z\"}");
    }

    @Test
    void escapesStringsExactlyLikeSerdeJson() {
        String nasty = "q\"b\\s/\b\f\n\r\t\u0001\u001f\u007f é \u2603 \ud83d\ude00";
        String json = MetadataCodec.encodeToString(LocalImageMetadata.of(nasty, "linux", "amd64"));
        assertThat(json).startsWith("{\"reference\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f é \u2603 \ud83d\ude00\"");
        assertThat(MetadataCodec.decode(json.getBytes(UTF_8), SOURCE).reference()).isEqualTo(nasty);
    }

    @Test
    void refusesToEncodeUnpairedSurrogates() {
        assertThatThrownBy(() -> MetadataCodec.encode(LocalImageMetadata.of("a\ud800", "linux", "amd64")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference");
    }

    @Test
    void ignoresUnknownFieldsAndAcceptsNullOptionals() {
        String json = "{\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"reference\":\"a\",\"os\":\"linux\","
                + "\"architecture\":\"arm64\",\"size\":null,\"digest\":null,\"created\":null,\"labels\":[]}";
        assertThat(MetadataCodec.decode(json.getBytes(UTF_8), SOURCE))
                .isEqualTo(LocalImageMetadata.of("a", "linux", "arm64"));
    }

    @Test
    void acceptsTheLargestSize() {
        String json = "{\"reference\":\"a\",\"os\":\"linux\",\"architecture\":\"arm64\",\"size\":9223372036854775807}";
        assertThat(MetadataCodec.decode(json.getBytes(UTF_8), SOURCE).size()).hasValue(Long.MAX_VALUE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "''                                                                   | the file is empty",
        "'   '                                                                | expected a JSON object, found end of input",
        "'{\"reference\":\"a\",\"os\":\"linux\"'                              | not valid JSON",
        "[]                                                                   | expected a JSON object",
        "'\"text\"'                                                           | expected a JSON object",
        "'{\"os\":\"linux\",\"architecture\":\"arm64\"}'                      | missing field `reference`",
        "'{\"reference\":\"a\",\"architecture\":\"arm64\"}'                   | missing field `os`",
        "'{\"reference\":\"a\",\"os\":\"linux\"}'                             | missing field `architecture`",
        "'{\"reference\":null,\"os\":\"linux\",\"architecture\":\"arm64\"}'   | `reference` must be a string",
        "'{\"reference\":1,\"os\":\"linux\",\"architecture\":\"arm64\"}'      | `reference` must be a string",
        "'{\"reference\":\"a\",\"os\":[],\"architecture\":\"arm64\"}'         | `os` must be a string",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\",\"size\":-1}'      | `size` is negative",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\",\"size\":1.5}'     | `size` must be a whole number",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\",\"size\":\"1\"}'   | `size` must be a whole number",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\",\"size\":18446744073709551615}' | `size` is too large",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\",\"digest\":7}'     | `digest` must be a string",
        "'{\"reference\":\"a\",\"reference\":\"b\",\"os\":\"l\",\"architecture\":\"a\"}' | duplicate field `reference`",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\"} {}'      | trailing content",
        "'{\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\"}x'        | not valid JSON",
        "'{\"reference\":\"\\ud24d\\ude00\",\"os\":\"o\",\"architecture\":\"a\"}' | unpaired UTF-16 surrogate",
        "'{\"reference\":\"a\",\"os\":\"o\",\"architecture\":\"a\",\"digest\":\"\\ud800\"}' | `digest` holds an unpaired",
    })
    void rejectsMalformedSidecarsNamingTheSourceAndReason(String json, String reason) {
        assertThatThrownBy(() -> MetadataCodec.decode(json.getBytes(UTF_8), SOURCE))
                .isExactlyInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(SOURCE)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((CorruptMetadataException) e).source()).isEqualTo(SOURCE));
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 100_000})
    void rejectsDeepNestingQuickly(int depth) {
        String json = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth)
                + ",\"reference\":\"a\",\"os\":\"l\",\"architecture\":\"a\"}";
        assertThatThrownBy(() -> MetadataCodec.decode(json.getBytes(UTF_8), SOURCE))
                .isExactlyInstanceOf(CorruptMetadataException.class).hasMessageContaining("nested");
    }

    @Test
    void rejectsInputOverOneMebibyte() {
        byte[] big = new byte[MetadataCodec.MAX_BYTES + 1];
        assertThatThrownBy(() -> MetadataCodec.decode(big, SOURCE))
                .isExactlyInstanceOf(CorruptMetadataException.class).hasMessageContaining("at most");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] json = {'{', '"', 'r', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> MetadataCodec.decode(json, SOURCE))
                .isExactlyInstanceOf(CorruptMetadataException.class);
    }

    @Test
    void encodeThenDecodeIsIdentity() {
        qt().withExamples(2000).forAll(metadata()).checkAssert(metadata -> {
            byte[] json = MetadataCodec.encode(metadata);
            LocalImageMetadata back = MetadataCodec.decode(json, SOURCE);
            assertThat(back).isEqualTo(metadata);
            assertThat(MetadataCodec.encode(back)).isEqualTo(json);
        });
    }

    @Test
    void decodeOfArbitraryBytesThrowsOnlyCorruptMetadataException() {
        Gen<byte[]> bytes = in -> {
            int length = ReferenceGenerators.between(in, 0, 200);
            byte[] out = new byte[length];
            String alphabet = "{}[]\":,0123456789-.eE tnulrfa\\\"referenceosarchitecturesizedigestcreated";
            for (int i = 0; i < length; i++) {
                out[i] = ReferenceGenerators.between(in, 0, 5) == 0
                        ? (byte) ReferenceGenerators.between(in, 0, 255)
                        : (byte) alphabet.charAt(ReferenceGenerators.between(in, 0, alphabet.length() - 1));
            }
            return out;
        };
        qt().withExamples(5000).forAll(bytes).checkAssert(input -> {
            try {
                MetadataCodec.decode(input, SOURCE);
            } catch (CorruptMetadataException expected) {
                assertThat(expected.source()).isEqualTo(SOURCE);
            }
        });
    }

    @Test
    void decodeOfMutatedValidSidecarsThrowsOnlyCorruptMetadataException() {
        qt().withExamples(3000).forAll(metadata(), byteFlips()).checkAssert((metadata, flip) -> {
            byte[] json = MetadataCodec.encode(metadata);
            json[flip[0] % json.length] = (byte) flip[1];
            try {
                MetadataCodec.decode(json, SOURCE);
            } catch (CorruptMetadataException expected) {
                assertThat(expected.getMessage()).contains(SOURCE);
            }
        });
    }

    private static Gen<int[]> byteFlips() {
        return in -> new int[] {ReferenceGenerators.between(in, 0, 10_000), ReferenceGenerators.between(in, 0, 255)};
    }

    static Gen<LocalImageMetadata> metadata() {
        Gen<String> text = ReferenceGenerators.arbitraryText().map(MetadataCodecTest::withoutLoneSurrogates);
        return in -> {
            LocalImageMetadata metadata = LocalImageMetadata.of(text.generate(in), text.generate(in), text.generate(in));
            if (ReferenceGenerators.between(in, 0, 1) == 1) {
                metadata = metadata.withSize(OptionalLong.of(in.next(org.quicktheories.impl.Constraint.between(0, Long.MAX_VALUE))));
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

    private static String withoutLoneSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isSurrogate((char) cp) && cp < 0x10000 ? '?' : cp));
        return out.toString();
    }
}
