package io.imagestore.oci;

import io.imagestore.api.ImageStoreException;
import io.imagestore.api.Platform;
import java.util.List;

/** A multi-platform image offers no manifest for the platform wanted; the message lists what it offers. */
public final class NoMatchingPlatformException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final transient Platform wanted;
    private final List<String> offered;

    /** Creates the exception for {@code wanted}, listing the {@code offered} platforms as written. */
    public NoMatchingPlatformException(String source, Platform wanted, List<String> offered) {
        super(source + " has no image for " + wanted + "; it offers "
                + (offered.isEmpty() ? "no platform at all" : String.join(", ", offered))
                + " (choose one with --platform)");
        this.wanted = wanted;
        this.offered = List.copyOf(offered);
    }

    /** The platform that was asked for. */
    public Platform wanted() {
        return wanted;
    }

    /** The platforms offered, as the index wrote them. */
    public List<String> offered() {
        return offered;
    }
}
