package io.imagestore.api.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/**
 * Builds the JSON object of one wire value, fields in the order written, the way serde's derived
 * {@code Serialize} does: an {@code Option} with {@code skip_serializing_if = "Option::is_none"} is left
 * out when empty ({@code optional…} methods), one without it is written as {@code null}
 * ({@code nullable…} methods).
 */
final class JsonObjectWriter implements FieldWriter {
    private final ObjectNode object = JsonNodeFactory.instance.objectNode();
    private final String path;

    JsonObjectWriter() {
        this("");
    }

    private JsonObjectWriter(String path) {
        this.path = path;
    }

    /** The object built so far. */
    ObjectNode object() {
        return object;
    }

    @Override
    public void string(String name, String value) {
        object.put(name, UnicodeText.requireWellFormed(path + name, value));
    }

    @Override
    public void bool(String name, boolean value) {
        object.put(name, value);
    }

    @Override
    public void number(String name, long value) {
        object.put(name, value);
    }

    @Override
    public void strings(String name, List<String> values) {
        ArrayNode array = object.putArray(name);
        for (String value : values) {
            array.add(UnicodeText.requireWellFormed(path + name, value));
        }
    }

    /** Writes {@code value} when present, nothing when empty. */
    void optionalString(String name, Optional<String> value) {
        value.ifPresent(text -> string(name, text));
    }

    /** Writes {@code value} when present, {@code null} when empty. */
    void nullableString(String name, Optional<String> value) {
        if (value.isPresent()) {
            string(name, value.get());
        } else {
            object.putNull(name);
        }
    }

    /** Writes {@code value} when present, nothing when empty. */
    void optionalNumber(String name, OptionalLong value) {
        value.ifPresent(number -> number(name, number));
    }

    /** Writes {@code value} when present, {@code null} when empty. */
    void nullableNumber(String name, OptionalLong value) {
        if (value.isPresent()) {
            number(name, value.getAsLong());
        } else {
            object.putNull(name);
        }
    }

    /** Writes {@code value} as a nested object built by {@code write} when present, nothing when empty. */
    <T> void optionalObject(String name, Optional<T> value, BiConsumer<T, JsonObjectWriter> write) {
        if (value.isEmpty()) {
            return;
        }
        JsonObjectWriter nested = new JsonObjectWriter(path + name + ".");
        write.accept(value.get(), nested);
        object.set(name, nested.object);
    }
}
