package io.imagestore.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import io.imagestore.api.Platform;
import io.imagestore.api.dispatch.PlatformMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * An image index (OCI {@code application/vnd.oci.image.index.v1+json}, also an OCI layout's
 * {@code index.json}) or a Docker manifest list: descriptors of manifests or nested indexes, each
 * optionally for one platform. Keeps its exact bytes. Immutable.
 */
public final class ImageIndex {
    private final byte[] bytes;
    private final String mediaType;
    private final List<Descriptor> manifests;
    private final Map<String, String> annotations;

    private ImageIndex(byte[] bytes, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
        this.bytes = bytes;
        this.mediaType = mediaType;
        this.manifests = List.copyOf(manifests);
        this.annotations = Map.copyOf(annotations);
    }

    /**
     * Parses an index. A missing {@code mediaType} is read as OCI.
     *
     * @throws OciFormatException when it is not a schema-2 index
     */
    public static ImageIndex parse(byte[] json) {
        return parse(json, "index " + Digest.sha256(json));
    }

    /** Parses an index; {@code what} names it in error messages (a file such as {@code index.json}). */
    public static ImageIndex parse(byte[] json, String what) {
        ObjectNode node = OciJson.parseObject(json, what);
        if (OciJson.optionalInt(node, "schemaVersion", what).orElse(0) != 2) {
            throw new OciFormatException(what, "\"schemaVersion\" is not 2");
        }
        String mediaType = OciJson.optionalString(node, "mediaType", what).orElse(MediaTypes.OCI_INDEX);
        if (!MediaTypes.isIndex(mediaType) || !node.has("manifests")) {
            throw new OciFormatException(what, "not an image index (media type " + mediaType
                    + (node.has("manifests") ? "" : ", no \"manifests\"") + ")");
        }
        List<Descriptor> manifests = new ArrayList<>();
        List<JsonNode> nodes = OciJson.array(node, "manifests", what);
        for (int i = 0; i < nodes.size(); i++) {
            manifests.add(Descriptor.parse(nodes.get(i), what + " manifest " + (i + 1)));
        }
        return new ImageIndex(json.clone(), mediaType, manifests, OciJson.stringMap(node, "annotations", what));
    }

    /** A new OCI index of {@code manifests} with {@code annotations}. */
    public static ImageIndex of(List<Descriptor> manifests, Map<String, String> annotations) {
        ObjectNode node = OciJson.object();
        node.put("schemaVersion", 2);
        node.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode array = node.putArray("manifests");
        manifests.forEach(manifest -> array.add(manifest.toJson()));
        if (!annotations.isEmpty()) {
            ObjectNode object = node.putObject("annotations");
            new TreeMap<>(annotations).forEach(object::put);
        }
        return new ImageIndex(OciJson.write(node), MediaTypes.OCI_INDEX, manifests, annotations);
    }

    /**
     * The manifest for {@code wanted}, by containerd's rules ({@link PlatformMatcher}): the best-ranked
     * entry whose platform matches, the first of equals. Entries without a platform are chosen only when
     * no entry has one and there is exactly one (a single-image OCI layout): the caller then checks the
     * config's platform. Nested indexes are entries like any other; the caller descends into them.
     *
     * @throws NoMatchingPlatformException when nothing matches, naming every platform offered
     */
    public Descriptor select(Platform wanted) {
        return select(manifests, wanted, "the index " + digest());
    }

    /**
     * Like {@link #select(Platform)}, among {@code manifests}, with {@code source} naming where they stand
     * in the error message.
     */
    static Descriptor select(List<Descriptor> manifests, Platform wanted, String source) {
        PlatformMatcher matcher = PlatformMatcher.only(wanted);
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        boolean anyPlatform = false;
        for (Descriptor manifest : manifests) {
            anyPlatform |= manifest.platformText().isPresent();
            if (manifest.platform().isEmpty()) {
                continue;
            }
            OptionalInt rank = matcher.rank(manifest.platform().get());
            if (rank.isPresent() && rank.getAsInt() < bestRank) {
                best = manifest;
                bestRank = rank.getAsInt();
            }
        }
        if (best != null) {
            return best;
        }
        if (!anyPlatform && manifests.size() == 1) {
            return manifests.get(0);
        }
        List<String> offered = new ArrayList<>();
        for (Descriptor manifest : manifests) {
            offered.add(manifest.platformText().orElse("an entry without platform (" + manifest.digest() + ")"));
        }
        throw new NoMatchingPlatformException(source, matcher.wanted(), offered);
    }

    /** The index's JSON: the exact bytes it was parsed from, or those written by {@link #of}. */
    public byte[] toJson() {
        return bytes.clone();
    }

    /** The SHA-256 digest of {@link #toJson()}. */
    public Digest digest() {
        return Digest.sha256(bytes);
    }

    /** The index's media type. */
    public String mediaType() {
        return mediaType;
    }

    /** The entries: manifests or nested indexes. */
    public List<Descriptor> manifests() {
        return manifests;
    }

    /** The annotations (possibly empty). */
    public Map<String, String> annotations() {
        return annotations;
    }

    @Override
    public String toString() {
        return "ImageIndex{" + digest() + ", " + manifests.size() + " entries}";
    }
}
