package io.imagestore.api.wire;

import java.util.List;

/**
 * Reads the named fields of one wire object with serde's rules: a field without a default must be
 * present, a field with {@code #[serde(default)]} takes the given value when missing, and a present
 * field of the wrong type is an error. Implemented for JSON objects ({@link JsonObjectReader}) and URL
 * query strings ({@link QueryStringReader}), so a query type declares its fields once for both.
 *
 * <p>Every method throws {@link WireFormatException} naming the field when the input is unacceptable.
 */
interface FieldReader {
    /** A required string. */
    String string(String name);

    /** A {@code bool} with {@code #[serde(default)]}: {@code absent} when the field is missing. */
    boolean bool(String name, boolean absent);

    /** A {@code u32} with {@code #[serde(default)]}: {@code absent} when the field is missing. */
    long u32(String name, long absent);

    /** A {@code Vec<String>} with {@code #[serde(default)]}: {@code absent} when the field is missing. */
    List<String> strings(String name, List<String> absent);
}
