package io.imagestore.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object the way serde's derived {@code Deserialize} does.
 *
 * <ul>
 *   <li>Unknown fields are ignored.
 *   <li>A required field that is missing is an error; so is {@code null} for anything but an
 *       {@code Option} (serde's {@code #[serde(default)]} applies to a missing field, not to {@code null}).
 *   <li>An {@code Option} field may be missing or {@code null}: both read as empty.
 *   <li>Integers must be JSON integers in range: no fractions, exponents, strings or booleans.
 *   <li>Strings must be JSON strings holding valid Unicode (no unpaired surrogate escapes).
 * </ul>
 * Errors are {@link WireFormatException}s naming the field by its path ({@code registry_auth.username},
 * {@code tags[2]}) and quoting what was found.
 */
final class JsonObjectReader implements FieldReader {
    private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger I64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final ObjectNode object;
    private final String path;

    private JsonObjectReader(ObjectNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /** A reader of {@code node}, which must be a JSON object. */
    static JsonObjectReader of(JsonNode node) {
        return new JsonObjectReader(requireObject("", node), "");
    }

    @Override
    public String string(String name) {
        return text(name, required(name));
    }

    /** An {@code Option<String>}: empty when missing or null. */
    Optional<String> optionalString(String name) {
        return optional(name).map(value -> text(name, value));
    }

    @Override
    public boolean bool(String name, boolean absent) {
        JsonNode value = object.get(name);
        return value == null ? absent : bool(name, value);
    }

    /** A required {@code bool}. */
    boolean bool(String name) {
        return bool(name, required(name));
    }

    /** A required {@code u64}. */
    long u64(String name) {
        return unsigned(name, required(name), Unsigned.U64);
    }

    /** An {@code Option<u64>}: empty when missing or null. */
    OptionalLong optionalU64(String name) {
        Optional<JsonNode> value = optional(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(unsigned(name, value.get(), Unsigned.U64));
    }

    @Override
    public long u32(String name, long absent) {
        JsonNode value = object.get(name);
        if (value == null) {
            return absent;
        }
        return unsigned(name, value, Unsigned.U32);
    }

    /** A required {@code i64}. */
    long i64(String name) {
        String expected = "a signed 64-bit integer";
        BigInteger value = integer(name, required(name), expected);
        if (value.compareTo(I64_MIN) < 0 || value.compareTo(I64_MAX) > 0) {
            throw new WireFormatException("field `" + field(name) + "`: " + value + " is out of range for " + expected);
        }
        return value.longValue();
    }

    /** A required {@code Vec<String>}. */
    List<String> strings(String name) {
        return strings(name, required(name));
    }

    @Override
    public List<String> strings(String name, List<String> absent) {
        JsonNode value = object.get(name);
        return value == null ? absent : strings(name, value);
    }

    /** A required image reference: any valid spelling, normalised. */
    ImageReference reference(String name) {
        String text = string(name);
        try {
            return ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            throw new WireFormatException("field `" + field(name) + "`: " + e.getMessage(), e);
        }
    }

    /** An optional nested object, read by {@code read}: empty when missing or null. */
    <T> Optional<T> optionalObject(String name, Function<JsonObjectReader, T> read) {
        return optional(name).map(value -> read.apply(
                new JsonObjectReader(requireObject(field(name), value), field(name) + ".")));
    }

    private JsonNode required(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new WireFormatException("missing field `" + field(name) + "`");
        }
        return value;
    }

    private Optional<JsonNode> optional(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private String field(String name) {
        return path + name;
    }

    private String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(field(name), value, "a string");
        }
        String text = value.textValue();
        int surrogate = UnicodeText.unpairedSurrogate(text);
        if (surrogate >= 0) {
            throw new WireFormatException("field `" + field(name) + "`: the string has an unpaired UTF-16 surrogate at"
                    + " index " + surrogate + "; JSON strings must be valid Unicode");
        }
        return text;
    }

    private boolean bool(String name, JsonNode value) {
        if (!value.isBoolean()) {
            throw wrongType(field(name), value, "true or false");
        }
        return value.booleanValue();
    }

    private long unsigned(String name, JsonNode value, Unsigned type) {
        return type.fromWire(field(name), integer(name, value, type.description()));
    }

    private BigInteger integer(String name, JsonNode value, String expected) {
        if (!value.isIntegralNumber()) {
            throw wrongType(field(name), value, expected);
        }
        return value.bigIntegerValue();
    }

    private List<String> strings(String name, JsonNode value) {
        if (!value.isArray()) {
            throw wrongType(field(name), value, "an array of strings");
        }
        List<String> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            items.add(text(name + "[" + i + "]", value.get(i)));
        }
        return items;
    }

    private static ObjectNode requireObject(String field, JsonNode node) {
        if (!node.isObject()) {
            throw field.isEmpty()
                    ? new WireFormatException("expected a JSON object, found " + describe(node))
                    : wrongType(field, node, "a JSON object");
        }
        return (ObjectNode) node;
    }

    private static WireFormatException wrongType(String field, JsonNode found, String expected) {
        return new WireFormatException("field `" + field + "`: expected " + expected + ", found " + describe(found));
    }

    private static String describe(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return "the string " + WireFormatException.quote(node.textValue());
            case NUMBER:
                return "the number " + node.asText();
            case BOOLEAN:
                return node.asText();
            case NULL:
                return "null";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            default:
                return node.getNodeType().toString().toLowerCase(Locale.ROOT);
        }
    }
}
