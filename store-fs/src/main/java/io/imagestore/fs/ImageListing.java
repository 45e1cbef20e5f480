package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.function.BiConsumer;

/**
 * One pass over the entries of a store root that may be images (every entry but hidden ones, such as
 * {@code .imagestore}). Where the platform offers a {@link SecureDirectoryStream} (Linux), each image
 * directory is reached relative to the root held open for the pass, so that reading ten thousand sidecars
 * does not walk the root's path thirty thousand times.
 */
final class ImageListing {
    private ImageListing() {}

    /** Whether a root entry called {@code name} may be an image. */
    static boolean mayBeImage(String name) {
        return !name.startsWith(".");
    }

    /**
     * Calls {@code visitor} with the name and location of every root entry that may be an image, in
     * directory order, while the root is held open: a location reaches its image only inside the call.
     *
     * @throws ImageStoreException when the root cannot be listed
     */
    static void forEach(Path root, BiConsumer<String, SidecarLocation> visitor) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                Path name = entry.getFileName();
                String text = name.toString();
                if (!mayBeImage(text)) {
                    continue;
                }
                visitor.accept(text, entries instanceof SecureDirectoryStream<Path> secure
                        ? SidecarLocation.relative(secure, root, name)
                        : SidecarLocation.of(entry));
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new ImageStoreException("cannot list the store at " + root + ": " + e + " (check permissions)", e);
        }
    }
}
