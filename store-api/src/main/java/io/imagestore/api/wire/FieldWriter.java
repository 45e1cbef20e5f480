package io.imagestore.api.wire;

import java.util.List;

/**
 * Writes the named fields of one wire object, in the order they are given. Implemented for JSON
 * objects ({@link JsonObjectWriter}) and URL query strings ({@link QueryStringWriter}), so a query
 * type declares its fields once for both.
 *
 * <p>Strings with an unpaired UTF-16 surrogate are refused with {@link IllegalArgumentException}.
 */
interface FieldWriter {
    /** Writes a string field. */
    void string(String name, String value);

    /** Writes a boolean field. */
    void bool(String name, boolean value);

    /** Writes an integer field. */
    void number(String name, long value);

    /** Writes a list of strings. */
    void strings(String name, List<String> values);
}
