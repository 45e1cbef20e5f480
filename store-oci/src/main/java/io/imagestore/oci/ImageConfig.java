package io.imagestore.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.Platform;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image config (OCI {@code application/vnd.oci.image.config.v1+json} or Docker's container image
 * config): the platform, creation time, history and the layers' {@code rootfs.diff_ids} (digests of the
 * uncompressed layers). Keeps its exact bytes: the config's digest is the image id. Fields this library
 * does not need (entrypoint, environment, …) stay in the bytes untouched. Immutable.
 */
public final class ImageConfig {
    private final byte[] bytes;
    private final Platform platform;
    private final Optional<Instant> created;
    private final List<HistoryEntry> history;
    private final List<Digest> diffIds;

    private ImageConfig(byte[] bytes, Platform platform, Optional<Instant> created, List<HistoryEntry> history,
            List<Digest> diffIds) {
        this.bytes = bytes;
        this.platform = platform;
        this.created = created;
        this.history = List.copyOf(history);
        this.diffIds = List.copyOf(diffIds);
    }

    /**
     * Parses a config.
     *
     * @throws OciFormatException when {@code os}, {@code architecture} or {@code rootfs} is missing or
     *         malformed, or a timestamp is not RFC 3339
     */
    public static ImageConfig parse(byte[] json) {
        Digest digest = Digest.sha256(json);
        String what = "image config " + digest;
        ObjectNode node = OciJson.parseObject(json, what);
        String os = OciJson.string(node, "os", what);
        String architecture = OciJson.string(node, "architecture", what);
        String variant = OciJson.optionalString(node, "variant", what).orElse("");
        Platform platform;
        try {
            platform = Platform.of(os, architecture, variant);
        } catch (InvalidPlatformException e) {
            throw new OciFormatException(what, "its platform is not valid: " + e.getMessage(), e);
        }
        ObjectNode rootfs = OciJson.requireObject(node, "rootfs", what);
        if (!"layers".equals(OciJson.string(rootfs, "type", what + " rootfs"))) {
            throw new OciFormatException(what, "\"rootfs.type\" is not \"layers\"");
        }
        List<Digest> diffIds = new ArrayList<>();
        List<JsonNode> diffIdNodes = OciJson.array(rootfs, "diff_ids", what + " rootfs");
        for (int i = 0; i < diffIdNodes.size(); i++) {
            ObjectNode holder = OciJson.object();
            holder.set("diff_id", diffIdNodes.get(i));
            diffIds.add(OciJson.digest(holder, "diff_id", what + " rootfs.diff_ids[" + i + "]"));
        }
        List<HistoryEntry> history = new ArrayList<>();
        List<JsonNode> historyNodes = OciJson.array(node, "history", what);
        for (int i = 0; i < historyNodes.size(); i++) {
            history.add(HistoryEntry.parse(historyNodes.get(i), what + " history[" + i + "]"));
        }
        Optional<Instant> created = instant(OciJson.optionalString(node, "created", what), what + " created");
        return new ImageConfig(json.clone(), platform, created, history, diffIds);
    }

    /**
     * A new OCI config for a rootfs of {@code diffIds} layers on {@code platform}, created at
     * {@code created}, with {@code history}: what {@code save} and {@code import} write for an image
     * that was built locally.
     */
    public static ImageConfig of(Platform platform, Instant created, List<Digest> diffIds, List<HistoryEntry> history) {
        ObjectNode node = OciJson.object();
        node.put("created", created.toString());
        node.put("architecture", platform.architecture());
        platform.variant().ifPresent(variant -> node.put("variant", variant));
        node.put("os", platform.os());
        node.putObject("config");
        ObjectNode rootfs = node.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(id -> ids.add(id.toString()));
        ArrayNode entries = node.putArray("history");
        history.forEach(entry -> entries.add(entry.toJson()));
        return new ImageConfig(OciJson.write(node), platform, Optional.of(created), history, diffIds);
    }

    private static Optional<Instant> instant(Optional<String> text, String what) {
        if (text.isEmpty() || text.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException e) {
            throw new OciFormatException(what, "\"" + text.get() + "\" is not an RFC 3339 time", e);
        }
    }

    /** The config's exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The SHA-256 digest of {@link #bytes()}: the image id. */
    public Digest digest() {
        return Digest.sha256(bytes);
    }

    /** The descriptor of this config, of media type {@code mediaType}. */
    public Descriptor descriptor(String mediaType) {
        return Descriptor.of(mediaType, digest(), bytes.length);
    }

    /** The platform the image is for (normalised). */
    public Platform platform() {
        return platform;
    }

    /** When the image was created, if recorded. */
    public Optional<Instant> created() {
        return created;
    }

    /** The history, oldest first. */
    public List<HistoryEntry> history() {
        return history;
    }

    /** The digests of the uncompressed layers, base first. */
    public List<Digest> diffIds() {
        return diffIds;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageConfig && java.util.Arrays.equals(((ImageConfig) other).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "ImageConfig{" + digest() + ", " + platform + ", " + diffIds.size() + " layers}";
    }

    /** One step of an image's history; {@link #emptyLayer()} steps made no layer. Immutable. */
    public static final class HistoryEntry {
        private final Optional<Instant> created;
        private final String createdBy;
        private final String author;
        private final String comment;
        private final boolean emptyLayer;

        private HistoryEntry(Optional<Instant> created, String createdBy, String author, String comment,
                boolean emptyLayer) {
            this.created = created;
            this.createdBy = Objects.requireNonNull(createdBy, "createdBy");
            this.author = Objects.requireNonNull(author, "author");
            this.comment = Objects.requireNonNull(comment, "comment");
            this.emptyLayer = emptyLayer;
        }

        /** A step made at {@code created} by {@code createdBy}, with {@code comment}. */
        public static HistoryEntry of(Instant created, String createdBy, String comment, boolean emptyLayer) {
            return new HistoryEntry(Optional.of(created), createdBy, "", comment, emptyLayer);
        }

        static HistoryEntry parse(JsonNode node, String what) {
            if (node == null || !node.isObject()) {
                throw new OciFormatException(what, "not a JSON object");
            }
            return new HistoryEntry(instant(OciJson.optionalString(node, "created", what), what + " created"),
                    OciJson.optionalString(node, "created_by", what).orElse(""),
                    OciJson.optionalString(node, "author", what).orElse(""),
                    OciJson.optionalString(node, "comment", what).orElse(""),
                    OciJson.optionalBoolean(node, "empty_layer", what).orElse(false));
        }

        ObjectNode toJson() {
            ObjectNode node = OciJson.object();
            created.ifPresent(instant -> node.put("created", instant.toString()));
            if (!createdBy.isEmpty()) {
                node.put("created_by", createdBy);
            }
            if (!author.isEmpty()) {
                node.put("author", author);
            }
            if (!comment.isEmpty()) {
                node.put("comment", comment);
            }
            if (emptyLayer) {
                node.put("empty_layer", true);
            }
            return node;
        }

        /** When the step ran, if recorded. */
        public Optional<Instant> created() {
            return created;
        }

        /** The instruction that ran (possibly empty). */
        public String createdBy() {
            return createdBy;
        }

        /** Who made the step (possibly empty). */
        public String author() {
            return author;
        }

        /** The comment (possibly empty). */
        public String comment() {
            return comment;
        }

        /** Whether the step made no layer. */
        public boolean emptyLayer() {
            return emptyLayer;
        }
    }
}
