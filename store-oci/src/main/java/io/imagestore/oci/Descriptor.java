package io.imagestore.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a blob is ({@code mediaType}), its {@code digest} and {@code size},
 * and optionally the {@code platform} it is for, {@code annotations} and {@code urls}. Immutable.
 */
public final class Descriptor {
    private final String mediaType;
    private final Digest digest;
    private final long size;
    private final Optional<Platform> platform;
    private final Optional<String> platformText;
    private final Map<String, String> annotations;
    private final List<String> urls;

    private Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform,
            Optional<String> platformText, Map<String, String> annotations, List<String> urls) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.digest = Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("a blob size cannot be negative: " + size);
        }
        this.size = size;
        this.platform = platform;
        this.platformText = platformText;
        this.annotations = Map.copyOf(annotations);
        this.urls = List.copyOf(urls);
    }

    /** A descriptor of blob {@code digest} of {@code size} bytes and type {@code mediaType}. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Optional.empty(), Optional.empty(), Map.of(), List.of());
    }

    /** A copy that names {@code value} as the platform it is for. */
    public Descriptor withPlatform(Platform value) {
        return new Descriptor(mediaType, digest, size, Optional.of(value), Optional.of(value.toString()),
                annotations, urls);
    }

    /** A copy with {@code value} as its annotations. */
    public Descriptor withAnnotations(Map<String, String> value) {
        return new Descriptor(mediaType, digest, size, platform, platformText, value, urls);
    }

    /** Reads a descriptor object; {@code what} names where it stands, for error messages. */
    static Descriptor parse(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new OciFormatException(what, "a descriptor is not a JSON object");
        }
        String mediaType = OciJson.string(node, "mediaType", what);
        Digest digest = OciJson.digest(node, "digest", what);
        long size = OciJson.nonNegativeLong(node, "size", what);
        Optional<Platform> platform = Optional.empty();
        Optional<String> platformText = Optional.empty();
        JsonNode platformNode = node.get("platform");
        if (platformNode != null && !platformNode.isNull()) {
            if (!platformNode.isObject()) {
                throw new OciFormatException(what, "\"platform\" is not an object");
            }
            String os = OciJson.string(platformNode, "os", what + " platform");
            String arch = OciJson.string(platformNode, "architecture", what + " platform");
            String variant = OciJson.optionalString(platformNode, "variant", what + " platform").orElse("");
            platformText = Optional.of(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
            try {
                platform = Optional.of(Platform.of(os, arch, variant));
            } catch (InvalidPlatformException e) {
                platform = Optional.empty();
            }
        }
        return new Descriptor(mediaType, digest, size, platform, platformText,
                OciJson.stringMap(node, "annotations", what), OciJson.strings(node, "urls", what));
    }

    ObjectNode toJson() {
        ObjectNode node = OciJson.object();
        node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", size);
        if (!urls.isEmpty()) {
            urls.forEach(node.putArray("urls")::add);
        }
        if (!annotations.isEmpty()) {
            ObjectNode object = node.putObject("annotations");
            new java.util.TreeMap<>(annotations).forEach(object::put);
        }
        platform.ifPresent(value -> {
            ObjectNode object = node.putObject("platform");
            object.put("architecture", value.architecture());
            object.put("os", value.os());
            value.variant().ifPresent(variant -> object.put("variant", variant));
        });
        return node;
    }

    /** The blob's media type. */
    public String mediaType() {
        return mediaType;
    }

    /** The blob's digest. */
    public Digest digest() {
        return digest;
    }

    /** The blob's size in bytes. */
    public long size() {
        return size;
    }

    /** The platform an index says this manifest is for; empty when absent or not a valid platform. */
    public Optional<Platform> platform() {
        return platform;
    }

    /** The platform as the document wrote it ({@code os/arch[/variant]}), for messages; empty when absent. */
    public Optional<String> platformText() {
        return platformText;
    }

    /** The annotations (an immutable map, possibly empty). */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** Where else the blob may be fetched from (foreign layers); possibly empty. */
    public List<String> urls() {
        return urls;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Descriptor)) {
            return false;
        }
        Descriptor that = (Descriptor) other;
        return mediaType.equals(that.mediaType) && digest.equals(that.digest) && size == that.size
                && platform.equals(that.platform) && annotations.equals(that.annotations) && urls.equals(that.urls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, digest, size, platform, annotations, urls);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("mediaType", mediaType);
        shown.put("digest", digest);
        shown.put("size", size);
        platformText.ifPresent(text -> shown.put("platform", text));
        return "Descriptor" + shown;
    }
}
