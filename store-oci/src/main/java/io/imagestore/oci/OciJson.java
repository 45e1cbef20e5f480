package io.imagestore.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import io.imagestore.api.InvalidDigestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reading and writing the JSON of OCI documents: strict (a duplicate key is an error, since two readers
 * could pick different values), bounded, and with errors that name the document and the field.
 */
final class OciJson {
    /** The largest manifest, index or config read (containerd allows 4 MiB for manifests). */
    static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OciJson() {}

    static ObjectNode parseObject(byte[] json, String what) {
        JsonNode node = parse(json, what);
        if (!node.isObject()) {
            throw new OciFormatException(what, "not a JSON object");
        }
        return (ObjectNode) node;
    }

    static JsonNode parse(byte[] json, String what) {
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new OciFormatException(what, "it has " + json.length + " bytes, more than the "
                    + MAX_DOCUMENT_BYTES + " a document may have");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new OciFormatException(what, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OciFormatException(what, "cannot be read: " + e, e);
        }
        if (node == null || node.isMissingNode()) {
            throw new OciFormatException(what, "empty");
        }
        return node;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialise", e);
        }
    }

    static Optional<String> optionalString(JsonNode object, String field, String what) {
        return optional(object, field, what, JsonNode::isTextual, "a string", JsonNode::textValue);
    }

    /** The value of {@code field} when present and not null; {@code valid} or it is an error naming {@code kind}. */
    private static <T> Optional<T> optional(JsonNode object, String field, String what, Predicate<JsonNode> valid,
            String kind, Function<JsonNode, T> value) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!valid.test(node)) {
            throw new OciFormatException(what, "\"" + field + "\" is not " + kind);
        }
        return Optional.of(value.apply(node));
    }

    static String string(JsonNode object, String field, String what) {
        return optionalString(object, field, what)
                .orElseThrow(() -> new OciFormatException(what, "\"" + field + "\" is missing"));
    }

    static long nonNegativeLong(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new OciFormatException(what, "\"" + field + "\" is missing or not a non-negative integer");
        }
        return value.longValue();
    }

    static Optional<Integer> optionalInt(JsonNode object, String field, String what) {
        return optional(object, field, what, node -> node.isIntegralNumber() && node.canConvertToInt(), "an integer",
                JsonNode::intValue);
    }

    static Optional<Boolean> optionalBoolean(JsonNode object, String field, String what) {
        return optional(object, field, what, JsonNode::isBoolean, "true or false", JsonNode::booleanValue);
    }

    static Digest digest(JsonNode object, String field, String what) {
        String text = string(object, field, what);
        try {
            return Digest.parse(text);
        } catch (InvalidDigestException e) {
            throw new OciFormatException(what, "\"" + field + "\": " + e.getMessage(), e);
        }
    }

    /** The elements of array {@code field}; empty when absent or null. */
    static List<JsonNode> array(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new OciFormatException(what, "\"" + field + "\" is not an array");
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    static List<String> strings(JsonNode object, String field, String what) {
        List<String> values = new ArrayList<>();
        for (JsonNode element : array(object, field, what)) {
            if (!element.isTextual()) {
                throw new OciFormatException(what, "\"" + field + "\" holds a value that is not a string");
            }
            values.add(element.textValue());
        }
        return List.copyOf(values);
    }

    static Map<String, String> stringMap(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new OciFormatException(what, "\"" + field + "\" is not an object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new OciFormatException(what, "\"" + field + "\"." + entry.getKey() + " is not a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    static ObjectNode requireObject(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new OciFormatException(what, "\"" + field + "\" is missing or not an object");
        }
        return (ObjectNode) value;
    }
}
