package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.oci.MediaTypes;

/**
 * A manifest or index as the registry served it: its media type (from {@code Content-Type}), its exact
 * bytes and their digest, verified.
 *
 * @param mediaType one of the four media types the client accepts
 * @param bytes the exact bytes
 * @param digest the digest of {@code bytes}
 */
record FetchedManifest(String mediaType, byte[] bytes, Digest digest) {
    boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }
}
