package io.imagestore.oci;

import io.imagestore.api.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image ready to leave the store: its manifest and config, every blob of which (config, layers and
 * the manifest itself) is in the store's blob area. What {@code save} writes and {@code push} uploads.
 * Immutable.
 */
public final class ExportedImage {
    private final ImageReference reference;
    private final ImageManifest manifest;
    private final ImageConfig config;

    ExportedImage(ImageReference reference, ImageManifest manifest, ImageConfig config) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The image's reference. */
    public ImageReference reference() {
        return reference;
    }

    /** Its manifest (exact bytes: {@link ImageManifest#toJson()}). */
    public ImageManifest manifest() {
        return manifest;
    }

    /** Its config (exact bytes: {@link ImageConfig#bytes()}). */
    public ImageConfig config() {
        return config;
    }

    /** Every blob it consists of: the config, then the layers, base first (the manifest is not among them). */
    public List<Descriptor> blobs() {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(manifest.config());
        blobs.addAll(manifest.layers());
        return blobs;
    }

    @Override
    public String toString() {
        return "ExportedImage{" + reference + ", " + manifest.digest() + "}";
    }
}
