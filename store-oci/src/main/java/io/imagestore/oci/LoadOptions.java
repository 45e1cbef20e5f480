package io.imagestore.oci;

import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import java.util.Objects;
import java.util.Optional;

/** How {@link ImageLoader} loads an archive. Immutable; start from {@link #defaults()}. */
public final class LoadOptions {
    private static final LoadOptions DEFAULTS = new LoadOptions(Optional.empty(), Optional.empty(),
            UnpackOptions.defaults());

    private final Optional<Platform> platform;
    private final Optional<ImageReference> name;
    private final UnpackOptions unpack;

    private LoadOptions(Optional<Platform> platform, Optional<ImageReference> name, UnpackOptions unpack) {
        this.platform = platform;
        this.name = name;
        this.unpack = unpack;
    }

    /** The host's platform, no name for unnamed images, blobs kept. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The platform asked for: a multi-platform image gives its manifest for it, and a single-platform image
     * of another platform is refused. Empty (the default): the host's platform is preferred, and an image
     * that offers only one platform is loaded whatever it is.
     */
    public Optional<Platform> platform() {
        return platform;
    }

    /** The reference for images the archive does not name (an OCI layout written without a name). */
    public Optional<ImageReference> name() {
        return name;
    }

    /** How each image is stored. */
    public UnpackOptions unpack() {
        return unpack;
    }

    /** A copy with {@link #platform()} {@code value}. */
    public LoadOptions withPlatform(Platform value) {
        return new LoadOptions(Optional.of(Objects.requireNonNull(value, "platform")), name, unpack);
    }

    /** A copy with {@link #name()} {@code value}. */
    public LoadOptions withName(ImageReference value) {
        return new LoadOptions(platform, Optional.of(Objects.requireNonNull(value, "name")), unpack);
    }

    /** A copy with {@link #unpack()} {@code value}. */
    public LoadOptions withUnpack(UnpackOptions value) {
        return new LoadOptions(platform, name, Objects.requireNonNull(value, "unpack"));
    }
}
