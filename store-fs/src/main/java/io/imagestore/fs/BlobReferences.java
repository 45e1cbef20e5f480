package io.imagestore.fs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.imagestore.api.Digest;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.InvalidDigestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The blobs the store's images refer to: for each image directory with a {@code manifest.json}, the
 * manifest itself (by its SHA-256) and every {@code digest} value in it (config and layers). Read with
 * the streaming parser, since store-fs knows no OCI document model; any {@code "digest"} string counts,
 * which can only keep more blobs, never fewer.
 */
final class BlobReferences {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long MAX_MANIFEST_BYTES = 8L * 1024 * 1024;

    private BlobReferences() {}

    /**
     * The digests {@code imageDirectories} refer to; empty when a manifest cannot be read (then nothing may
     * be removed, since what it refers to is unknown).
     */
    static Optional<Set<Digest>> of(List<Path> imageDirectories, LazyLogger log) {
        Set<Digest> referenced = new HashSet<>();
        for (Path directory : imageDirectories) {
            Path manifest = directory.resolve(ImageBuild.MANIFEST_FILE);
            try {
                if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.size(manifest) > MAX_MANIFEST_BYTES) {
                    throw new IOException("larger than " + MAX_MANIFEST_BYTES + " bytes");
                }
                byte[] bytes = Files.readAllBytes(manifest);
                referenced.add(Digest.sha256(bytes));
                collect(bytes, referenced);
            } catch (NoSuchFileException e) {
                // the image was removed meanwhile: it refers to nothing any more
            } catch (IOException | InvalidDigestException e) {
                log.warn("not removing unused blobs: cannot read {} ({})", manifest, e.toString());
                return Optional.empty();
            }
        }
        return Optional.of(referenced);
    }

    private static void collect(byte[] manifest, Set<Digest> referenced) throws IOException {
        try (JsonParser parser = JSON.createParser(manifest)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && "digest".equals(parser.currentName())
                        && parser.nextToken() == JsonToken.VALUE_STRING) {
                    referenced.add(Digest.parse(parser.getText()));
                }
            }
        }
    }
}
