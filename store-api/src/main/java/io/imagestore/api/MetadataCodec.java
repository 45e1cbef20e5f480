package io.imagestore.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The {@code metadata.json} format, byte-compatible with the Rust original's
 * {@code serde_json::to_string(&LocalImageMetadata)}.
 *
 * <p>Written: one compact JSON object, no white space and no trailing newline, fields in the order
 * {@code reference}, {@code os}, {@code architecture}, {@code size}, {@code digest}, {@code created};
 * absent optionals are left out; strings are UTF-8 with serde_json's escapes ({@code \"}, {@code \\},
 * {@code \b \f \n \r \t}, other control characters as six-character escapes with lower-case hex). Example:
 * {@code {"reference":"myapp:latest","os":"darwin","architecture":"arm64","size":4096}}.
 *
 * <p>Read: unknown fields are ignored and optionals may be {@code null}; everything else serde
 * would refuse is a {@link CorruptMetadataException} naming the source: input over {@value #MAX_BYTES}
 * bytes, nesting deeper than {@value #MAX_DEPTH}, anything but one object, a missing or null required
 * field, a field of the wrong type, a string with an unpaired surrogate escape (serde_json refuses those too),
 * a duplicate field, a negative, fractional or over-large size, and
 * trailing content.
 */
public final class MetadataCodec {
    /** The largest sidecar accepted, 1 MiB; real ones are a few hundred bytes. */
    public static final int MAX_BYTES = 1 << 20;
    /** The deepest nesting of arrays and objects accepted (unknown fields may nest). */
    public static final int MAX_DEPTH = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The JSON parser factory of the full reader, in a holder: a sidecar in the written form is read without
     * it ({@link WrittenSidecar}), so a command reading one never sets Jackson up.
     */
    private static final class Jackson {
        static final JsonFactory JSON = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_BYTES)
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    private MetadataCodec() {}

    /** Returns the UTF-8 bytes of the sidecar for {@code metadata}. */
    public static byte[] encode(LocalImageMetadata metadata) {
        return encodeToString(metadata).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the sidecar JSON for {@code metadata} as a string.
     *
     * @throws IllegalArgumentException when a field holds an unpaired UTF-16 surrogate, which UTF-8
     *     (and so the Rust reader) cannot represent
     */
    public static String encodeToString(LocalImageMetadata metadata) {
        StringBuilder out = new StringBuilder(160);
        out.append('{');
        field(out, "reference", metadata.reference());
        out.append(',');
        field(out, "os", metadata.os());
        out.append(',');
        field(out, "architecture", metadata.architecture());
        if (metadata.size().isPresent()) {
            out.append(",\"size\":").append(metadata.size().getAsLong());
        }
        if (metadata.digest().isPresent()) {
            out.append(',');
            field(out, "digest", metadata.digest().get());
        }
        if (metadata.created().isPresent()) {
            out.append(',');
            field(out, "created", metadata.created().get());
        }
        return out.append('}').toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":");
        string(out, name, value);
    }

    private static void string(StringBuilder out, String name, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isSurrogate(c)) {
                        i = appendSurrogatePair(out, name, value, i);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static int appendSurrogatePair(StringBuilder out, String name, String value, int i) {
        char high = value.charAt(i);
        if (Character.isHighSurrogate(high) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(high).append(value.charAt(i + 1));
            return i + 1;
        }
        throw new IllegalArgumentException("field " + name + " has an unpaired UTF-16 surrogate at index " + i
                + "; sidecar strings must be valid Unicode");
    }

    /**
     * Decodes a sidecar.
     *
     * @param json the file's bytes
     * @param source the file's path or a description of the input, for error messages
     * @throws CorruptMetadataException when the bytes are not a valid sidecar
     */
    public static LocalImageMetadata decode(byte[] json, String source) {
        if (json.length > MAX_BYTES) {
            throw new CorruptMetadataException(source, "the file is " + json.length + " bytes; a sidecar is at most "
                    + MAX_BYTES + " bytes");
        }
        if (json.length == 0) {
            throw new CorruptMetadataException(source, "the file is empty");
        }
        LocalImageMetadata written = WrittenSidecar.read(json);
        return written != null ? written : decodeAnyForm(json, source);
    }

    /** Decodes a sidecar of at most {@value #MAX_BYTES} bytes in any form JSON allows (Jackson's parser). */
    static LocalImageMetadata decodeAnyForm(byte[] json, String source) {
        try (JsonParser parser = Jackson.JSON.createParser(json)) {
            return decodeObject(parser, source);
        } catch (StreamConstraintsException e) {
            throw new CorruptMetadataException(source, "the JSON is too deeply nested or too large ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new CorruptMetadataException(source, "not valid JSON: " + oneLine(e), e);
        }
    }

    private static LocalImageMetadata decodeObject(JsonParser parser, String source) throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new CorruptMetadataException(source, "expected a JSON object, found " + describe(first));
        }
        String reference = null;
        String os = null;
        String architecture = null;
        long size = -1;
        String digest = null;
        String created = null;
        int seen = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                throw new CorruptMetadataException(source, "truncated or malformed object");
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int bit = bitOf(name);
            if (bit != 0 && (seen & bit) != 0) {
                throw new CorruptMetadataException(source, "duplicate field `" + name + "`");
            }
            seen |= bit;
            switch (name) {
                case "reference":
                    reference = requiredString(parser, value, source, name);
                    break;
                case "os":
                    os = requiredString(parser, value, source, name);
                    break;
                case "architecture":
                    architecture = requiredString(parser, value, source, name);
                    break;
                case "size":
                    size = optionalSize(parser, value, source);
                    break;
                case "digest":
                    digest = optionalString(parser, value, source, name);
                    break;
                case "created":
                    created = optionalString(parser, value, source, name);
                    break;
                default:
                    parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new CorruptMetadataException(source, "trailing content after the JSON object");
        }
        requirePresent(reference, "reference", source);
        requirePresent(os, "os", source);
        requirePresent(architecture, "architecture", source);
        LocalImageMetadata metadata = LocalImageMetadata.of(reference, os, architecture)
                .withDigest(digest).withCreated(created);
        return size < 0 ? metadata : metadata.withSize(size);
    }

    /** The index of the first surrogate that is not part of a high-low pair, or -1. */
    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    private static int bitOf(String name) {
        switch (name) {
            case "reference":
                return 1;
            case "os":
                return 2;
            case "architecture":
                return 4;
            case "size":
                return 8;
            case "digest":
                return 16;
            case "created":
                return 32;
            default:
                return 0;
        }
    }

    private static void requirePresent(String value, String name, String source) {
        if (value == null) {
            throw new CorruptMetadataException(source, "missing field `" + name + "`");
        }
    }

    private static String requiredString(JsonParser parser, JsonToken value, String source, String name)
            throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new CorruptMetadataException(source, "field `" + name + "` must be a string, found " + describe(value));
        }
        String text = parser.getText();
        int unpaired = unpairedSurrogate(text);
        if (unpaired >= 0) {
            throw new CorruptMetadataException(source, "field `" + name + "` holds an unpaired UTF-16 surrogate escape"
                    + " at index " + unpaired + ", which is not Unicode text");
        }
        return text;
    }

    private static String optionalString(JsonParser parser, JsonToken value, String source, String name)
            throws IOException {
        return value == JsonToken.VALUE_NULL ? null : requiredString(parser, value, source, name);
    }

    private static long optionalSize(JsonParser parser, JsonToken value, String source) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new CorruptMetadataException(source, "field `size` must be a whole number of bytes, found "
                    + describe(value));
        }
        // The token's text (Jackson has checked it is an integer, at most maxNumberLength digits), not
        // getBigIntegerValue(), whose number parser compiles regular expressions when first used: a command
        // reading one sidecar would pay the start-up of java.util.regex for it.
        BigInteger big = new BigInteger(parser.getText());
        if (big.signum() < 0) {
            throw new CorruptMetadataException(source, "field `size` is negative (" + big + ")");
        }
        if (big.bitLength() > 63) {
            throw new CorruptMetadataException(source, "field `size` is too large (" + big + ")");
        }
        return big.longValue();
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        switch (token) {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            default:
                return token.toString();
        }
    }

    private static String oneLine(IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException
                ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
                : e.getMessage();
        return String.valueOf(message).replace('\n', ' ');
    }
}
