package io.imagestore.api.wire;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON of the daemon's image API, byte-for-byte what the Rust originals' serde attributes give
 * ({@code zlayer_types/api/images.rs}), so that a Java client and the Rust daemon interoperate.
 *
 * <p>Written: compact (no white space), fields in snake_case in declaration order, {@code Option}
 * fields with {@code skip_serializing_if} left out when empty and those without it written as
 * {@code null}, references in canonical form ({@code docker.io/library/nginx:latest}). Strings carry
 * {@code serde_json}'s escapes and no others: {@code \"}, {@code \\}, {@code \b \f \n \r \t}, other
 * control characters below U+0020 as six-character escapes with lower-case hex; {@code /}, U+007F and
 * all non-ASCII characters (supplementary ones as one 4-byte UTF-8 sequence) are written as they are.
 * Each type's Javadoc shows its object.
 *
 * <p>Read: one JSON value and nothing after it; unknown fields ignored; {@code #[serde(default)]}
 * fields may be missing; {@code Option} fields may be missing or {@code null}; references in any
 * valid spelling. Refused, as serde refuses them: a missing required field, {@code null} for a
 * non-{@code Option} field, a value of the wrong JSON type (no coercion of strings to numbers or of
 * numbers to strings), fractional, negative or out-of-range integers, unpaired surrogates, an invalid
 * reference, and an unknown {@code kind} of {@link PullProgressDto}. Also refused: duplicate keys
 * anywhere (serde ignores duplicates of unknown fields; the daemon never sends duplicates), and
 * {@code u64} values above {@link Long#MAX_VALUE}.
 *
 * <p>Errors: input that is not JSON (syntax errors, duplicate keys, trailing content) fails with
 * Jackson's own {@link com.fasterxml.jackson.core.JsonProcessingException}; well-formed JSON that is
 * not a valid value fails with a {@link com.fasterxml.jackson.databind.JsonMappingException} whose
 * message says {@code invalid <Type>: } and what was wrong with which field, and whose cause is a
 * {@link WireFormatException}.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new WireTypeModule())
            .build();

    private WireJson() {}

    /**
     * The one shared, thread-safe mapper that reads and writes every wire type, and lists or maps of
     * them, for example {@code mapper().writeValueAsString(imageInfoDto)} or
     * {@code mapper().readValue(json, PullProgressDto.class)}. Callers must not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
