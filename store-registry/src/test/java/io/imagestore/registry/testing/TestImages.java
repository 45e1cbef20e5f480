package io.imagestore.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.fs.testing.PeerTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test images made by the real tools: {@code umoci} builds an OCI layout (one {@code umoci repack} per
 * layer of an unpacked bundle (umoci 0.4.7's {@code insert} writes tar streams without their end), {@code umoci config} for the platform), {@code skopeo copy} puts it into a {@link TestRegistry}.
 * A multi-platform index is a nested OCI index blob listing several tags' manifests with their platforms,
 * named in the layout's {@code index.json}, copied with {@code skopeo copy --all}.
 */
public final class TestImages {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;
    private final Path scratch;

    private TestImages(Path directory) {
        this.layout = directory.resolve("layout");
        this.scratch = directory.resolve("scratch");
    }

    /** An empty OCI layout under {@code directory}. */
    public static TestImages in(Path directory) throws IOException, InterruptedException {
        TestImages images = new TestImages(directory);
        Files.createDirectories(images.scratch);
        PeerTools.run(TOOL_TIMEOUT, "umoci", "init", "--layout", images.layout.toString());
        return images;
    }

    /** The layout's directory. */
    public Path layout() {
        return layout;
    }

    /**
     * Builds image {@code tag} for {@code os}/{@code architecture}: one layer per map, each map from a
     * path in the rootfs ({@code etc/hello}) to the file's bytes.
     */
    public TestImages image(String tag, String os, String architecture, List<Map<String, byte[]>> layers)
            throws IOException, InterruptedException {
        String image = layout + ":" + tag;
        PeerTools.run(TOOL_TIMEOUT, "umoci", "new", "--image", image);
        Path bundle = scratch.resolve("bundle-" + tag);
        PeerTools.run(TOOL_TIMEOUT, "umoci", "unpack", "--image", image, bundle.toString());
        for (Map<String, byte[]> layer : layers) {
            for (Map.Entry<String, byte[]> file : layer.entrySet()) {
                Path target = bundle.resolve("rootfs").resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            PeerTools.run(TOOL_TIMEOUT, "umoci", "repack", "--refresh-bundle", "--image", image, bundle.toString());
        }
        PeerTools.run(TOOL_TIMEOUT, "umoci", "config", "--image", image, "--os", os, "--architecture", architecture,
                "--no-history");
        return this;
    }

    /** A one-layer image {@code tag} with {@code etc/hello} saying {@code text}. */
    public TestImages image(String tag, String os, String architecture, String text)
            throws IOException, InterruptedException {
        return image(tag, os, architecture, List.of(Map.of("etc/hello", text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /**
     * Adds an OCI index {@code tag} listing the manifests of {@code platforms} (platform {@code os/arch[/variant]}
     * → a tag built before).
     */
    public TestImages index(String tag, Map<String, String> platforms) throws IOException {
        Path indexJson = layout.resolve("index.json");
        ObjectNode top = (ObjectNode) JSON.readTree(indexJson.toFile());
        Map<String, JsonNode> byTag = new LinkedHashMap<>();
        for (JsonNode descriptor : top.path("manifests")) {
            byTag.put(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText(), descriptor);
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode manifests = index.putArray("manifests");
        for (Map.Entry<String, String> entry : platforms.entrySet()) {
            JsonNode source = byTag.get(entry.getValue());
            if (source == null) {
                throw new IllegalArgumentException("no image tagged " + entry.getValue() + " in " + layout);
            }
            String[] parts = entry.getKey().split("/");
            ObjectNode descriptor = manifests.addObject();
            descriptor.put("mediaType", source.path("mediaType").asText());
            descriptor.put("digest", source.path("digest").asText());
            descriptor.put("size", source.path("size").asLong());
            ObjectNode platform = descriptor.putObject("platform");
            platform.put("architecture", parts[1]);
            platform.put("os", parts[0]);
            if (parts.length > 2) {
                platform.put("variant", parts[2]);
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(index);
        String digest = sha256(bytes);
        Files.write(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())), bytes);
        ObjectNode descriptor = ((ArrayNode) top.path("manifests")).addObject();
        descriptor.put("mediaType", "application/vnd.oci.image.index.v1+json");
        descriptor.put("digest", digest);
        descriptor.put("size", bytes.length);
        descriptor.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        Files.write(indexJson, JSON.writeValueAsBytes(top));
        return this;
    }

    /** The digest of the manifest (or index) the layout tags {@code tag}. */
    public String digest(String tag) throws IOException {
        for (JsonNode descriptor : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (tag.equals(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return descriptor.path("digest").asText();
            }
        }
        throw new IllegalArgumentException("no tag " + tag + " in " + layout);
    }

    /** The descriptors ({@code digest}, {@code size}, {@code mediaType}) of image {@code tag}'s layers. */
    public List<JsonNode> layers(String tag) throws IOException {
        JsonNode manifest = JSON.readTree(blob(digest(tag)).toFile());
        List<JsonNode> layers = new ArrayList<>();
        manifest.path("layers").forEach(layers::add);
        return layers;
    }

    /** The file of blob {@code digest} in the layout. */
    public Path blob(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /**
     * Copies {@code tag} (with every platform, when it is an index) to {@code registry/repository:destTag},
     * using {@code creds} ({@code user:password}) when not null.
     */
    public void push(String tag, TestRegistry registry, String repositoryAndTag, String creds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--all", "--dest-tls-verify=false"));
        if (creds != null) {
            command.add("--dest-creds");
            command.add(creds);
        }
        command.add("oci:" + layout + ":" + tag);
        command.add("docker://" + registry.host() + "/" + repositoryAndTag);
        PeerTools.run(TOOL_TIMEOUT, command.toArray(String[]::new));
    }

    /** {@code sha256:<hex>} of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
