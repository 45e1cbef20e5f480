package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import java.util.Objects;

/**
 * What a push did: the reference pushed to, the manifest's digest there, and how many blobs were
 * uploaded, mounted from another repository, or already present. Immutable.
 */
public final class PushedImage {
    private final ImageReference reference;
    private final Digest digest;
    private final int uploaded;
    private final int mounted;
    private final int existing;

    PushedImage(ImageReference reference, Digest digest, int uploaded, int mounted, int existing) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.uploaded = uploaded;
        this.mounted = mounted;
        this.existing = existing;
    }

    /** The reference pushed to. */
    public ImageReference reference() {
        return reference;
    }

    /** The digest of the manifest pushed. */
    public Digest digest() {
        return digest;
    }

    /** How many blobs (layers and config) were uploaded. */
    public int uploaded() {
        return uploaded;
    }

    /** How many blobs the registry mounted from another repository. */
    public int mounted() {
        return mounted;
    }

    /** How many blobs the repository already had. */
    public int existing() {
        return existing;
    }

    @Override
    public String toString() {
        return "PushedImage{" + reference + "@" + digest + ", " + uploaded + " uploaded, " + mounted + " mounted, "
                + existing + " existing}";
    }
}
