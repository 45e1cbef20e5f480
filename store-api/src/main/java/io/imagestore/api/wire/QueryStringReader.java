package io.imagestore.api.wire;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the fields of a URL query string such as {@code ?names=alpine&names=nginx%3A1.21&force=true},
 * the way the daemon's serde query extractor ({@code serde_urlencoded} over Rust's
 * {@code form_urlencoded}) does.
 *
 * <ul>
 *   <li>One leading {@code ?} is skipped; pairs are separated by {@code &}; empty pairs are skipped; a
 *       pair without {@code =} has an empty value.
 *   <li>Names and values are form-decoded: {@code +} is a space, {@code %XX} is one byte, and the bytes
 *       are UTF-8 with malformed sequences replaced by U+FFFD; a {@code %} not followed by two hex
 *       digits stays as it is.
 *   <li>A name repeated builds a list ({@code names}); repeating any other field is an error.
 *   <li>Booleans are exactly {@code true} or {@code false}; integers are ASCII digits with an optional
 *       leading {@code +}, and must be in range.
 *   <li>Unknown names are ignored; a missing field takes its serde default or is an error.
 * </ul>
 */
final class QueryStringReader implements FieldReader {
    private final Map<String, List<String>> values;

    private QueryStringReader(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses {@code query} and reads a {@code type} from it with {@code read}.
     *
     * @throws WireFormatException naming the type, the query and the field when it is not acceptable
     */
    static <T> T read(String query, Class<T> type, Function<FieldReader, T> read) {
        Objects.requireNonNull(query, "query");
        try {
            return read.apply(new QueryStringReader(parse(query)));
        } catch (WireFormatException e) {
            throw new WireFormatException("invalid " + type.getSimpleName() + " query string "
                    + WireFormatException.quote(query) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String string(String name) {
        return single(name).orElseThrow(() -> new WireFormatException("missing field `" + name + "`"));
    }

    @Override
    public boolean bool(String name, boolean absent) {
        Optional<String> value = single(name);
        if (value.isEmpty()) {
            return absent;
        }
        switch (value.get()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new WireFormatException("field `" + name + "`: expected true or false, found "
                        + WireFormatException.quote(value.get()));
        }
    }

    @Override
    public long u32(String name, long absent) {
        Optional<String> value = single(name);
        if (value.isEmpty()) {
            return absent;
        }
        String text = value.get();
        String digits = text.startsWith("+") ? text.substring(1) : text;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new WireFormatException("field `" + name + "`: expected " + Unsigned.U32.description() + ", found "
                    + WireFormatException.quote(text));
        }
        return Unsigned.U32.fromWire(name, new BigInteger(digits));
    }

    @Override
    public List<String> strings(String name, List<String> absent) {
        return values.getOrDefault(name, absent);
    }

    private Optional<String> single(String name) {
        List<String> all = values.get(name);
        if (all == null) {
            return Optional.empty();
        }
        if (all.size() > 1) {
            throw new WireFormatException("duplicate field `" + name + "`");
        }
        return Optional.of(all.get(0));
    }

    private static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String pairs = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : pairs.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String decode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
