package io.imagestore.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidDigestException;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.Platform;
import io.imagestore.api.dispatch.PlatformMatcher;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.FsLocalImageStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code load}: brings every image of an archive into the store, through {@link ImageUnpacker}.
 *
 * <p>Formats: an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}) as a
 * directory or a tar, and a Docker archive ({@code docker save}: {@code manifest.json} with each image's
 * {@code Config}, {@code RepoTags} and {@code Layers}); a tar may be gzip- or zstd-compressed as a whole. An
 * archive with both (Docker 25+) is read as the OCI layout, whose manifests keep their digests. A tar file
 * is read in place; a compressed archive or a stream is first copied, decompressed, into a scratch file of
 * the store's blob area (deleted at the end).
 *
 * <p>Names: an OCI layout entry is named by its {@code io.containerd.image.name} annotation, else by an
 * {@code org.opencontainers.image.ref.name} that is a whole reference; a Docker archive image by its
 * {@code RepoTags}. Images without a name take {@link LoadOptions#name()}, or the load fails. Entries
 * of one name that are indexes (or several manifests) give the manifest for the platform wanted.
 */
public final class ImageLoader {
    private static final String INDEX = "index.json";
    private static final String DOCKER_MANIFEST = "manifest.json";
    private static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final int MAX_NESTING = 8;
    private static final int HEAD = 4;
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]+)");
    private static final Pattern LEGACY_CONFIG = Pattern.compile("([0-9a-f]{64})\\.json");

    private final FsLocalImageStore store;
    private final ArchiveFiles files;
    private final LoadOptions options;
    private final ProgressListener listener;

    private ImageLoader(FsLocalImageStore store, ArchiveFiles files, LoadOptions options, ProgressListener listener) {
        this.store = store;
        this.files = files;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Loads the archive at {@code input}: a directory (OCI layout or extracted Docker archive) or a tar file,
     * compressed or not.
     *
     * @return the images stored, in the archive's order
     * @throws OciFormatException when the archive or an image in it is malformed, unnamed or refused
     * @throws NoMatchingPlatformException when an image offers no manifest for the platform wanted
     * @throws IOException when reading the archive or writing the store fails
     */
    public static List<UnpackedImage> load(FsLocalImageStore store, Path input, LoadOptions options,
            ProgressListener listener) throws IOException {
        if (Files.isDirectory(input)) {
            try (ArchiveFiles files = ArchiveFiles.directory(input)) {
                return new ImageLoader(store, files, options, listener).load();
            }
        }
        if (!Files.isRegularFile(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "no such archive file or directory");
        }
        Compression compression;
        try (InputStream in = Files.newInputStream(input, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(HEAD);
            compression = Compression.detect(head, head.length);
        }
        if (compression == Compression.NONE) {
            try (ArchiveFiles files = ArchiveFiles.tar(input, input.toString())) {
                return new ImageLoader(store, files, options, listener).load();
            }
        }
        try (InputStream in = Files.newInputStream(input, LinkOption.NOFOLLOW_LINKS)) {
            return load(store, in, input.toString(), options, listener);
        }
    }

    /**
     * Loads the archive read from {@code in} (a tar, compressed or not; standard input), named
     * {@code describe} in messages.
     */
    public static List<UnpackedImage> load(FsLocalImageStore store, InputStream in, String describe,
            LoadOptions options, ProgressListener listener) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        Compression compression = Compression.detect(buffered);
        BlobStore blobs = store.blobs();
        try (BlobStore.Writer scratch = blobs.create()) {
            try (InputStream source = decompress(compression, buffered, describe)) {
                source.transferTo(scratch);
            } catch (IOException e) {
                throw new OciFormatException(describe, "cannot be read as " + compression.name().toLowerCase(
                        java.util.Locale.ROOT) + " data: " + e.getMessage(), e);
            }
            try (ArchiveFiles files = ArchiveFiles.tar(scratch.path(), describe)) {
                return new ImageLoader(store, files, options, listener).load();
            }
        }
    }

    private static InputStream decompress(Compression compression, InputStream in, String describe)
            throws IOException {
        try {
            return compression.decompress(in);
        } catch (IOException e) {
            throw new OciFormatException(describe, "corrupt " + compression + " header: " + e.getMessage(), e);
        }
    }

    private List<UnpackedImage> load() throws IOException {
        if (files.exists(INDEX)) {
            return loadLayout();
        }
        if (files.exists(DOCKER_MANIFEST)) {
            return loadDockerArchive();
        }
        throw new OciFormatException(files.describe(), "neither an OCI image layout (no index.json) nor a Docker"
                + " archive (no manifest.json)");
    }

    // ---- OCI image layout ----

    private List<UnpackedImage> loadLayout() throws IOException {
        ImageIndex index = ImageIndex.parse(files.read(INDEX, OciJson.MAX_DOCUMENT_BYTES), files.describe() + " "
                + INDEX);
        Map<Optional<ImageReference>, List<Descriptor>> byName = new LinkedHashMap<>();
        for (Descriptor entry : index.manifests()) {
            byName.computeIfAbsent(nameOf(entry), key -> new ArrayList<>()).add(entry);
        }
        List<UnpackedImage> loaded = new ArrayList<>();
        BlobSource source = this::openBlob;
        for (Map.Entry<Optional<ImageReference>, List<Descriptor>> group : byName.entrySet()) {
            ImageReference reference = group.getKey().or(options::name).orElseThrow(() -> unnamed(group.getValue()));
            Descriptor manifest = resolve(group.getValue(), reference.toString());
            byte[] manifestJson = readBlob(manifest);
            ImageManifest parsed = ImageManifest.parse(manifestJson);
            byte[] configJson = readBlob(parsed.config());
            checkPlatform(configJson, reference);
            loaded.add(ImageUnpacker.unpack(store, reference, manifestJson, configJson, source, options.unpack(),
                    listener));
        }
        return loaded;
    }

    private OciFormatException unnamed(List<Descriptor> entries) {
        return new OciFormatException(files.describe(), "the image " + entries.get(0).digest() + " has no name"
                + " (no " + CONTAINERD_NAME + " or whole " + REF_NAME + " annotation); give it one with --tag");
    }

    private static Optional<ImageReference> nameOf(Descriptor entry) {
        String name = entry.annotations().get(CONTAINERD_NAME);
        if (name == null) {
            String refName = entry.annotations().get(REF_NAME);
            boolean whole = refName != null && (refName.contains("/") || refName.contains(":") || refName.contains("@"));
            name = whole ? refName : null;
        }
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (InvalidReferenceException e) {
            throw new OciFormatException("index.json entry " + entry.digest(), "its name is not a reference: "
                    + e.getMessage(), e);
        }
    }

    /** The image manifest for the platform wanted among {@code entries}, descending into indexes. */
    private Descriptor resolve(List<Descriptor> entries, String name) throws IOException {
        Platform wanted = options.platform().orElse(Platform.host());
        Descriptor chosen = entries.size() == 1 ? entries.get(0) : ImageIndex.select(entries, wanted, name);
        for (int depth = 0; MediaTypes.isIndex(chosen.mediaType()); depth++) {
            if (depth == MAX_NESTING) {
                throw new OciFormatException(name, "its indexes nest deeper than " + MAX_NESTING);
            }
            ImageIndex nested = ImageIndex.parse(readBlob(chosen), "index " + chosen.digest() + " of " + name);
            chosen = ImageIndex.select(nested.manifests(), wanted, "the index " + chosen.digest() + " of " + name);
        }
        if (!MediaTypes.isManifest(chosen.mediaType())) {
            throw new OciFormatException(name, "its entry " + chosen.digest() + " is a " + chosen.mediaType()
                    + ", not an image manifest or index");
        }
        return chosen;
    }

    private void checkPlatform(byte[] configJson, ImageReference reference) {
        if (options.platform().isEmpty()) {
            return;
        }
        Platform platform = ImageConfig.parse(configJson).platform();
        if (!PlatformMatcher.only(options.platform().get()).matches(platform)) {
            throw new NoMatchingPlatformException(reference.toString(), options.platform().get(),
                    List.of(platform.toString()));
        }
    }

    private InputStream openBlob(Descriptor blob) throws IOException {
        return files.open("blobs/" + blob.digest().algorithm() + "/" + blob.digest().hex());
    }

    private byte[] readBlob(Descriptor blob) throws IOException {
        if (blob.size() > OciJson.MAX_DOCUMENT_BYTES) {
            throw new OciFormatException("blob " + blob.digest(), "a " + blob.mediaType() + " of " + blob.size()
                    + " bytes is larger than a document may be");
        }
        try (InputStream in = new VerifyingInputStream(openBlob(blob), blob.digest(), blob.size())) {
            return in.readAllBytes();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new OciFormatException(files.describe(), "it lacks the blob " + blob.digest(), e);
        }
    }

    // ---- Docker archive ----

    private List<UnpackedImage> loadDockerArchive() throws IOException {
        String what = files.describe() + " " + DOCKER_MANIFEST;
        JsonNode images = OciJson.parse(files.read(DOCKER_MANIFEST, OciJson.MAX_DOCUMENT_BYTES), what);
        if (!images.isArray()) {
            throw new OciFormatException(what, "not a JSON array");
        }
        List<UnpackedImage> loaded = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            loaded.addAll(loadDockerImage(images.get(i), what + " [" + i + "]"));
        }
        return loaded;
    }

    private List<UnpackedImage> loadDockerImage(JsonNode image, String what) throws IOException {
        if (!image.isObject()) {
            throw new OciFormatException(what, "not a JSON object");
        }
        String configPath = OciJson.string(image, "Config", what);
        byte[] configJson = files.read(configPath, OciJson.MAX_DOCUMENT_BYTES);
        checkNamedDigest(configPath, configJson, what);
        ImageConfig config = ImageConfig.parse(configJson);
        List<String> layerPaths = OciJson.strings(image, "Layers", what);
        if (layerPaths.size() != config.diffIds().size()) {
            throw new OciFormatException(what, "it lists " + layerPaths.size() + " layers but its config has "
                    + config.diffIds().size() + " diff_ids");
        }
        Map<Digest, String> paths = new HashMap<>();
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < layerPaths.size(); i++) {
            Descriptor layer = dockerLayer(layerPaths.get(i), config.diffIds().get(i), what);
            paths.put(layer.digest(), layerPaths.get(i));
            layers.add(layer);
        }
        // A Docker archive holds no manifest: make an OCI one, which every tool reads from an OCI layout too
        // (skopeo's oci-archive: finds only OCI manifests), so a later save is both archive kinds.
        ImageManifest manifest = ImageManifest.of(config.descriptor(MediaTypes.OCI_CONFIG), layers, Map.of());
        List<ImageReference> references = new ArrayList<>();
        for (String tag : OciJson.strings(image, "RepoTags", what)) {
            try {
                references.add(ImageReference.parse(tag));
            } catch (InvalidReferenceException e) {
                throw new OciFormatException(what, "RepoTags: " + e.getMessage(), e);
            }
        }
        if (references.isEmpty()) {
            references.add(options.name().orElseThrow(() -> new OciFormatException(what,
                    "the image has no RepoTags; give it a name with --tag")));
        }
        checkPlatform(configJson, references.get(0));
        BlobSource source = blob -> files.open(paths.get(blob.digest()));
        List<UnpackedImage> loaded = new ArrayList<>();
        for (ImageReference reference : references) {
            loaded.add(ImageUnpacker.unpack(store, reference, manifest.toJson(), configJson, source, options.unpack(),
                    listener));
        }
        return loaded;
    }

    /** A Docker archive's layer as a descriptor: compression sniffed, digest from the path, the diff_id or hashing. */
    private Descriptor dockerLayer(String path, Digest diffId, String what) throws IOException {
        long size = files.size(path).orElseThrow(() -> new OciFormatException(what, "it lacks the layer " + path));
        Compression compression;
        try (InputStream in = files.open(path)) {
            byte[] head = in.readNBytes(HEAD);
            compression = Compression.detect(head, head.length);
        }
        Optional<Digest> named = digestInPath(path);
        Digest digest;
        if (named.isPresent()) {
            digest = named.get();
        } else if (compression == Compression.NONE) {
            digest = diffId;
        } else {
            try (InputStream in = files.open(path)) {
                java.security.MessageDigest hasher = Digest.newHasher(Digest.SHA256);
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    hasher.update(buffer, 0, n);
                }
                digest = Digest.of(Digest.SHA256, hasher.digest());
            }
        }
        String mediaType = compression == Compression.GZIP ? MediaTypes.OCI_LAYER_GZIP
                : compression == Compression.ZSTD ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER;
        return Descriptor.of(mediaType, digest, size);
    }

    private void checkNamedDigest(String path, byte[] content, String what) {
        Optional<Digest> named = digestInPath(path);
        Matcher legacy = LEGACY_CONFIG.matcher(path);
        if (named.isEmpty() && legacy.matches()) {
            named = Optional.of(Digest.parse(Digest.SHA256 + ":" + legacy.group(1)));
        }
        if (named.isPresent() && !Digest.of(named.get().algorithm(), named.get().newHasher().digest(content))
                .equals(named.get())) {
            throw new OciFormatException(what, "its config " + path + " does not have the digest its name says;"
                    + " the archive is damaged");
        }
    }

    private static Optional<Digest> digestInPath(String path) {
        Matcher matcher = BLOB_PATH.matcher(path.startsWith("./") ? path.substring(2) : path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(matcher.group(1) + ":" + matcher.group(2)));
        } catch (InvalidDigestException e) {
            return Optional.empty();
        }
    }
}
