package io.imagestore.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An image manifest (OCI {@code application/vnd.oci.image.manifest.v1+json} or Docker schema 2): the
 * config descriptor and the layer descriptors, base layer first. Keeps the exact bytes it was read
 * from, since its digest is the digest of those bytes. Immutable.
 */
public final class ImageManifest {
    private final byte[] bytes;
    private final String mediaType;
    private final Descriptor config;
    private final List<Descriptor> layers;
    private final Map<String, String> annotations;

    private ImageManifest(byte[] bytes, String mediaType, Descriptor config, List<Descriptor> layers,
            Map<String, String> annotations) {
        this.bytes = bytes;
        this.mediaType = mediaType;
        this.config = config;
        this.layers = List.copyOf(layers);
        this.annotations = Map.copyOf(annotations);
    }

    /**
     * Parses a manifest. A missing {@code mediaType} is read as OCI (the OCI spec makes it optional);
     * every layer must have a media type this library reads.
     *
     * @throws OciFormatException when it is not a schema-2 image manifest
     */
    public static ImageManifest parse(byte[] json) {
        Digest digest = Digest.sha256(json);
        String what = "manifest " + digest;
        ObjectNode node = OciJson.parseObject(json, what);
        if (OciJson.optionalInt(node, "schemaVersion", what).orElse(0) != 2) {
            throw new OciFormatException(what, "\"schemaVersion\" is not 2 (schema-1 manifests are not supported)");
        }
        String mediaType = OciJson.optionalString(node, "mediaType", what).orElse(MediaTypes.OCI_MANIFEST);
        if (!MediaTypes.isManifest(mediaType) || node.has("manifests")) {
            throw new OciFormatException(what, "media type " + mediaType + " is not an image manifest");
        }
        Descriptor config = Descriptor.parse(node.get("config"), what + " config");
        if (!node.has("layers")) {
            throw new OciFormatException(what, "\"layers\" is missing");
        }
        List<Descriptor> layers = new ArrayList<>();
        List<JsonNode> layerNodes = OciJson.array(node, "layers", what);
        for (int i = 0; i < layerNodes.size(); i++) {
            Descriptor layer = Descriptor.parse(layerNodes.get(i), what + " layer " + (i + 1));
            if (!MediaTypes.isLayer(layer.mediaType())) {
                throw new OciFormatException(what + " layer " + (i + 1) + " (" + layer.digest() + ")",
                        "media type " + layer.mediaType() + " is not a layer type imagestore reads");
            }
            layers.add(layer);
        }
        return new ImageManifest(json.clone(), mediaType, config, layers, OciJson.stringMap(node, "annotations", what));
    }

    /** A new OCI manifest of {@code config} and {@code layers} (base first) with {@code annotations}. */
    public static ImageManifest of(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        return of(MediaTypes.OCI_MANIFEST, config, layers, annotations);
    }

    /** A new manifest of media type {@code mediaType} (OCI or Docker). */
    public static ImageManifest of(String mediaType, Descriptor config, List<Descriptor> layers,
            Map<String, String> annotations) {
        if (!MediaTypes.isManifest(mediaType)) {
            throw new IllegalArgumentException(mediaType + " is not a manifest media type");
        }
        ObjectNode node = OciJson.object();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType);
        node.set("config", config.toJson());
        ArrayNode array = node.putArray("layers");
        layers.forEach(layer -> array.add(layer.toJson()));
        if (!annotations.isEmpty()) {
            ObjectNode object = node.putObject("annotations");
            new TreeMap<>(annotations).forEach(object::put);
        }
        return new ImageManifest(OciJson.write(node), mediaType, config, layers, annotations);
    }

    /** The manifest's JSON: the exact bytes it was parsed from, or those written by {@link #of}. */
    public byte[] toJson() {
        return bytes.clone();
    }

    /** The SHA-256 digest of {@link #toJson()}. */
    public Digest digest() {
        return Digest.sha256(bytes);
    }

    /** The descriptor of this manifest: its media type, digest and size. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest(), bytes.length);
    }

    /** The manifest's media type. */
    public String mediaType() {
        return mediaType;
    }

    /** The config's descriptor. */
    public Descriptor config() {
        return config;
    }

    /** The layers, base layer first. */
    public List<Descriptor> layers() {
        return layers;
    }

    /** The annotations (possibly empty). */
    public Map<String, String> annotations() {
        return annotations;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageManifest && java.util.Arrays.equals(((ImageManifest) other).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digest());
    }

    @Override
    public String toString() {
        return "ImageManifest{" + digest() + ", " + mediaType + ", " + layers.size() + " layers}";
    }
}
