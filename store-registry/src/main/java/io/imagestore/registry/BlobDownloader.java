package io.imagestore.registry;

import io.imagestore.fs.BlobStore;
import io.imagestore.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Downloads one blob into the store's blob area, verified while it streams: the blob area's writer
 * digests every byte and its commit refuses a blob whose size or digest is not the descriptor's. The
 * bytes come through a {@link ResumingBlobStream}, so a download broken in mid-body continues where it
 * stopped; a blob already in the blob area is not downloaded.
 */
final class BlobDownloader {
    private static final int BUFFER = 64 * 1024;

    private final RegistryClient client;
    private final BlobStore blobs;
    private final RegistryOptions options;

    BlobDownloader(RegistryClient client, BlobStore blobs, RegistryOptions options) {
        this.client = client;
        this.blobs = blobs;
        this.options = options;
    }

    /**
     * Puts {@code blob} of {@code repository} into the blob area unless it is there; {@code progress}
     * receives the bytes stored so far.
     *
     * @throws RegistryException when the blob does not verify, or cannot be fetched after the retries
     */
    void download(String repository, Descriptor blob, LongConsumer progress) throws IOException {
        if (blobs.contains(blob.digest())) {
            return;
        }
        try (BlobStore.Writer writer = blobs.create(blob.digest(), blob.size());
                InputStream in = new ResumingBlobStream(client, repository, blob, options, progress)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                writer.write(buffer, 0, n);
            }
            try {
                writer.commit();
            } catch (IOException e) {
                throw new RegistryException("blob " + blob.digest() + " of " + client.registry() + "/" + repository
                        + " was refused: " + e.getMessage(), e);
            }
        }
    }
}
