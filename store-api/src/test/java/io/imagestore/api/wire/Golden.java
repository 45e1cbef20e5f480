package io.imagestore.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * Golden-test assertions over {@link WireJson#mapper()}. JSON literals in tests are written with
 * {@code '} for {@code "} to stay readable; {@link #json(String)} turns them into the exact JSON.
 */
final class Golden {
    private Golden() {}

    /** {@code singleQuoted} with every {@code '} replaced by {@code "}. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static String write(Object value) {
        try {
            return WireJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError("could not write " + value, e);
        }
    }

    static byte[] writeBytes(Object value) {
        try {
            return WireJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError("could not write " + value, e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return WireJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("could not read " + json, e);
        }
    }

    /** {@code value} writes exactly as {@code singleQuotedJson}, and that JSON reads back as {@code value}. */
    @SuppressWarnings("unchecked")
    static <T> void assertGolden(T value, String singleQuotedJson) {
        String json = json(singleQuotedJson);
        assertThat(write(value)).isEqualTo(json);
        assertThat(read(json, (Class<T>) value.getClass())).isEqualTo(value);
    }

    /** {@code singleQuotedJson} reads as {@code expected} (for input that is not what we would write). */
    static <T> void assertReads(String singleQuotedJson, Class<T> type, T expected) {
        assertThat(read(json(singleQuotedJson), type)).isEqualTo(expected);
    }

    /**
     * Reading {@code singleQuotedJson} as {@code type} fails with a Jackson exception; the returned
     * assertion checks its message.
     */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String singleQuotedJson, Class<?> type) {
        return assertThatThrownBy(() -> WireJson.mapper().readValue(json(singleQuotedJson), type))
                .isInstanceOf(JsonProcessingException.class);
    }

    /**
     * Like {@link #assertRejected} for a wire-level refusal: a {@link JsonMappingException} saying
     * {@code invalid <Type>: } with a {@link WireFormatException} as its cause.
     */
    static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String singleQuotedJson, Class<?> type) {
        return assertRejected(singleQuotedJson, type)
                .isInstanceOf(JsonMappingException.class)
                .hasCauseInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("invalid " + type.getSimpleName() + ": ");
    }
}
