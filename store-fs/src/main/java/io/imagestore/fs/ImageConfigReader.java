package io.imagestore.fs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the platform from an OCI image config JSON beside {@code rootfs/}: the first of
 * {@code image-config.json}, {@code image_config.json} and {@code config.json} that has one.
 *
 * <p>Format: a JSON object; only its top-level string fields {@code os}, {@code architecture} and
 * optional {@code variant} count (for example {@code {"architecture":"arm64","os":"linux",...}}), every
 * other field is ignored, whatever it holds. A file with neither {@code os} nor {@code architecture} (a
 * builder's own {@code config.json} of entrypoint and environment, say) is skipped quietly; one with
 * only one of them, with values that are not a valid platform, with duplicate keys or trailing content,
 * or that is not JSON, is logged and skipped. Files are read only when they are regular files (never
 * through a symbolic link) of at most {@value #MAX_BYTES} bytes.
 */
final class ImageConfigReader {
    static final List<String> FILE_NAMES = List.of("image-config.json", "image_config.json", "config.json");
    static final int MAX_BYTES = 1 << 20;

    private static final LazyLogger LOG = new LazyLogger(ImageConfigReader.class);
    private static final Set<String> PLATFORM_FIELDS = Set.of("os", "architecture", "variant");
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ImageConfigReader() {}

    /** Returns the platform the first usable image config in {@code imageDirectory} names, or empty. */
    static Optional<RootfsPlatformDetector.Evidence> read(Path imageDirectory) {
        for (String name : FILE_NAMES) {
            Path file = imageDirectory.resolve(name);
            Optional<Platform> platform = readBytes(file).flatMap(bytes -> parse(bytes, file.toString()));
            if (platform.isPresent()) {
                return Optional.of(new RootfsPlatformDetector.Evidence(platform.get(), name));
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> readBytes(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                LOG.warn("ignoring image config {}: it is {}, not a regular file", file,
                        attributes.isSymbolicLink() ? "a symbolic link" : "a directory or special file");
                return Optional.empty();
            }
            byte[] bytes = RootfsPlatformDetector.readAtMost(file, MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                LOG.warn("ignoring image config {}: it is larger than {} bytes", file, MAX_BYTES);
                return Optional.empty();
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("ignoring image config {}: cannot read it: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Returns the platform named by the top-level {@code os}, {@code architecture} and {@code variant} of
     * the JSON {@code bytes}, or empty (logged, naming {@code source}) when there is none or it is unusable.
     */
    static Optional<Platform> parse(byte[] bytes, String source) {
        Map<String, String> fields;
        try {
            fields = platformFields(bytes);
        } catch (JsonProcessingException e) {
            LOG.warn("ignoring image config {}: unusable JSON: {}", source, e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("ignoring image config {}: {}", source, e.toString());
            return Optional.empty();
        }
        return toPlatform(fields, source);
    }

    private static Optional<Platform> toPlatform(Map<String, String> fields, String source) {
        String os = fields.get("os");
        String architecture = fields.get("architecture");
        if (os == null && architecture == null) {
            LOG.debug("skipping {}: it has no top-level os or architecture, so it is not an image config", source);
            return Optional.empty();
        }
        if (os == null || architecture == null) {
            LOG.warn("ignoring image config {}: it has {} but no {}", source, os == null ? "architecture" : "os",
                    os == null ? "os" : "architecture");
            return Optional.empty();
        }
        try {
            return Optional.of(Platform.of(os, architecture, fields.get("variant")));
        } catch (InvalidPlatformException e) {
            LOG.warn("ignoring image config {}: {}", source, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Returns the non-empty string values of the top-level platform fields ({@code null} counts as absent).
     *
     * @throws JsonProcessingException when the bytes are not one well-formed JSON object, a key repeats, or
     *     a platform field holds something other than a string
     */
    private static Map<String, String> platformFields(byte[] bytes) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "the top level is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (PLATFORM_FIELDS.contains(name)) {
                    readPlatformField(parser, name, value).ifPresent(text -> fields.put(name, text));
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "content after the top-level object");
            }
        }
        return fields;
    }

    private static Optional<String> readPlatformField(JsonParser parser, String name, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new JsonParseException(parser, "field '" + name + "' is not a string");
        }
        return parser.getText().isEmpty() ? Optional.empty() : Optional.of(parser.getText());
    }
}
