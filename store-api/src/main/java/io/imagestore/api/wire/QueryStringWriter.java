package io.imagestore.api.wire;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Writes fields as a URL query string, {@code name=value} pairs joined by {@code &} without a leading
 * {@code ?}, encoded as Rust's {@code form_urlencoded} serializer does: ASCII letters, digits and
 * {@code * - . _} as they are, space as {@code +}, every other byte of the UTF-8 form as {@code %XX}
 * (upper-case hex). Booleans are {@code true}/{@code false}; a list repeats its name once per item.
 */
final class QueryStringWriter implements FieldWriter {
    private final StringJoiner pairs = new StringJoiner("&");

    private QueryStringWriter() {}

    /** The query string of the fields {@code write} writes. */
    static String write(Consumer<FieldWriter> write) {
        QueryStringWriter out = new QueryStringWriter();
        write.accept(out);
        return out.pairs.toString();
    }

    @Override
    public void string(String name, String value) {
        pair(name, value);
    }

    @Override
    public void bool(String name, boolean value) {
        pair(name, Boolean.toString(value));
    }

    @Override
    public void number(String name, long value) {
        pair(name, Long.toString(value));
    }

    @Override
    public void strings(String name, List<String> values) {
        values.forEach(value -> pair(name, value));
    }

    private void pair(String name, String value) {
        pairs.add(encode(name) + "=" + encode(UnicodeText.requireWellFormed(name, value)));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
