package io.imagestore.oci;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import java.util.Objects;

/**
 * An image {@link ImageUnpacker} stored: its reference, its sidecar as stored, the manifest's digest
 * (the sidecar's digest) and the config's digest (the image id). Immutable.
 */
public final class UnpackedImage {
    private final ImageReference reference;
    private final LocalImageMetadata metadata;
    private final Digest manifestDigest;
    private final Digest configDigest;
    private final int layers;

    UnpackedImage(ImageReference reference, LocalImageMetadata metadata, Digest manifestDigest, Digest configDigest,
            int layers) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.manifestDigest = Objects.requireNonNull(manifestDigest, "manifestDigest");
        this.configDigest = Objects.requireNonNull(configDigest, "configDigest");
        this.layers = layers;
    }

    /** The reference the image was stored under. */
    public ImageReference reference() {
        return reference;
    }

    /** The sidecar as stored. */
    public LocalImageMetadata metadata() {
        return metadata;
    }

    /** The digest of the image's manifest. */
    public Digest manifestDigest() {
        return manifestDigest;
    }

    /** The digest of the image's config: the image id Docker shows. */
    public Digest configDigest() {
        return configDigest;
    }

    /** How many layers were applied. */
    public int layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "UnpackedImage{" + reference + ", " + manifestDigest + ", " + layers + " layers}";
    }
}
