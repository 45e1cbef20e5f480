package io.imagestore.oci;

import java.util.Map;
import java.util.Optional;

/** The media types of OCI and Docker schema-2 documents and layers. */
public final class MediaTypes {
    /** OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** OCI image index. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** OCI image config. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** OCI empty descriptor's content ({@code {}}). */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    /** OCI layer, plain tar. */
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    /** OCI layer, gzip. */
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** OCI layer, zstd. */
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** OCI non-distributable layer, plain tar (deprecated by the spec, still read). */
    public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    /** OCI non-distributable layer, gzip. */
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    /** OCI non-distributable layer, zstd. */
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    /** Docker schema-2 image manifest. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** Docker schema-2 manifest list. */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** Docker container image config. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** Docker layer, gzip. */
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** Docker layer, plain tar (rare, but registries accept it). */
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    /** Docker foreign layer (Windows base layers), gzip. */
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    private static final Map<String, Compression> LAYERS = Map.ofEntries(
            Map.entry(OCI_LAYER, Compression.NONE),
            Map.entry(OCI_LAYER_GZIP, Compression.GZIP),
            Map.entry(OCI_LAYER_ZSTD, Compression.ZSTD),
            Map.entry(OCI_LAYER_NONDISTRIBUTABLE, Compression.NONE),
            Map.entry(OCI_LAYER_NONDISTRIBUTABLE_GZIP, Compression.GZIP),
            Map.entry(OCI_LAYER_NONDISTRIBUTABLE_ZSTD, Compression.ZSTD),
            Map.entry(DOCKER_LAYER, Compression.GZIP),
            Map.entry(DOCKER_LAYER_TAR, Compression.NONE),
            Map.entry(DOCKER_FOREIGN_LAYER, Compression.GZIP));

    private MediaTypes() {}

    /**
     * The compression of a layer of media type {@code mediaType}.
     *
     * @throws OciFormatException when it is not a layer media type this library reads
     */
    public static Compression compressionOf(String mediaType) {
        Compression compression = LAYERS.get(mediaType);
        if (compression == null) {
            throw new OciFormatException("layer media type " + mediaType,
                    "not a layer type imagestore reads (OCI or Docker tar, tar+gzip, tar+zstd)");
        }
        return compression;
    }

    /** The compression of {@code mediaType} when it is a layer type, else empty. */
    public static Optional<Compression> layerCompression(String mediaType) {
        return Optional.ofNullable(LAYERS.get(mediaType));
    }

    /** Whether {@code mediaType} is an image manifest (OCI or Docker). */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** Whether {@code mediaType} is an index or manifest list (OCI or Docker). */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** Whether {@code mediaType} is an image config (OCI or Docker). */
    public static boolean isConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    /** Whether {@code mediaType} is a layer this library reads. */
    public static boolean isLayer(String mediaType) {
        return LAYERS.containsKey(mediaType);
    }
}
