package io.imagestore.oci;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where an image's blobs come from: an archive, a layout directory, a registry. Returns the raw
 * (compressed) bytes as stored; the caller verifies them against the descriptor.
 */
@FunctionalInterface
public interface BlobSource {
    /**
     * Opens blob {@code blob}; the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException (or another IOException) when the source lacks it
     */
    InputStream open(Descriptor blob) throws IOException;
}
