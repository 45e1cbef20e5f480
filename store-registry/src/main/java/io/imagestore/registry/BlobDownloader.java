package io.imagestore.registry;

import io.imagestore.fs.BlobStore;
import io.imagestore.oci.Descriptor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one blob into the store's blob area, verified while it streams: the blob area's writer
 * digests every byte and its commit refuses a blob whose size or digest is not the descriptor's. A
 * download broken in mid-body (a registry restarted, a connection reset) continues where it stopped with
 * {@code Range: bytes=N-} (or, when the registry ignores ranges, skips the first N bytes of the whole
 * blob), as often as the {@link RetryPolicy} allows; a blob already in the blob area is not downloaded.
 */
final class BlobDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);
    private static final int BUFFER = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

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
        String what = "blob " + blob.digest() + " of " + client.registry() + "/" + repository;
        try (BlobStore.Writer writer = blobs.create(blob.digest(), blob.size())) {
            for (int attempt = 1; ; attempt++) {
                try {
                    fetchRest(repository, blob, writer, progress, what);
                    break;
                } catch (IOException e) {
                    if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    pauseOrFail(attempt, writer, what, e);
                }
            }
            try {
                writer.commit();
            } catch (IOException e) {
                throw new RegistryException(what + " was refused: " + e.getMessage(), e);
            }
        }
    }

    private void pauseOrFail(int attempt, BlobStore.Writer writer, String what, IOException failure)
            throws IOException {
        RetryPolicy policy = options.retryPolicy();
        if (attempt >= policy.maxAttempts()) {
            throw new RegistryException(what + " broke off after " + writer.bytesWritten() + " bytes, " + attempt
                    + " times: " + RegistryTransport.describe(failure), failure);
        }
        Duration wait = policy.delayAfter(attempt);
        LOG.debug("{} broke off after {} bytes ({}); resuming in {} ms", what, writer.bytesWritten(),
                RegistryTransport.describe(failure), wait.toMillis());
        try {
            options.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to resume " + what);
        }
    }

    private void fetchRest(String repository, Descriptor blob, BlobStore.Writer writer, LongConsumer progress,
            String what) throws IOException {
        long offset = writer.bytesWritten();
        HttpResponse<InputStream> response = client.openBlob(repository, blob, offset);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 206) {
                checkRange(response, offset, what);
            } else if (offset > 0) {
                body.skipNBytes(offset);
            }
            copy(body, writer, blob.size(), progress, what);
        }
    }

    private static void checkRange(HttpResponse<InputStream> response, long offset, String what) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        Matcher matcher = CONTENT_RANGE.matcher(range.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) != offset) {
            throw new RegistryException("asked for " + what + " from byte " + offset + ", the registry answered the "
                    + "range \"" + range + "\"");
        }
    }

    private static void copy(InputStream body, BlobStore.Writer writer, long size, LongConsumer progress, String what)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (writer.bytesWritten() < size) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while downloading " + what);
            }
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, size - writer.bytesWritten()));
            if (n < 0) {
                throw new EOFException("the registry closed " + what + " after " + writer.bytesWritten() + " of "
                        + size + " bytes");
            }
            writer.write(buffer, 0, n);
            progress.accept(writer.bytesWritten());
        }
        if (body.read() >= 0) {
            throw new RegistryException(what + " is longer than its declared " + size
                    + " bytes; refusing it (the registry's content is corrupt or was tampered with)");
        }
    }
}
