package io.imagestore.cli;

import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;

/**
 * How a stored image's reference and platform read in tables: normalised when they parse, as written
 * when they do not (a table never fails because one sidecar holds an odd value).
 */
final class ImageText {
    private ImageText() {}

    /** The familiar reference, e.g. {@code myapp:latest}; the stored text when it does not parse. */
    static String familiar(LocalImageMetadata image) {
        try {
            return image.imageReference().familiar();
        } catch (ImageStoreException e) {
            return image.reference();
        }
    }

    /** The normalised platform, e.g. {@code darwin/arm64}; {@code os/architecture} as written otherwise. */
    static String platform(LocalImageMetadata image) {
        try {
            return image.platform().toString();
        } catch (IllegalArgumentException e) {
            return image.os() + "/" + image.architecture();
        }
    }
}
