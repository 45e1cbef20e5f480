package io.imagestore.registry;

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
 * A blob's bytes from the registry as one stream that survives broken connections: when a read fails
 * (a registry restarted, a connection reset, the body ending early), the blob is requested again from
 * the first byte not yet delivered, with {@code Range: bytes=N-} (or, when the registry ignores ranges,
 * the whole blob with its first N bytes skipped), as often as the {@link RetryPolicy} allows. Ends after
 * exactly the descriptor's size; it verifies nothing itself (its reader digests what it delivers).
 */
final class ResumingBlobStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingBlobStream.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final RegistryClient client;
    private final String repository;
    private final Descriptor blob;
    private final RegistryOptions options;
    private final LongConsumer progress;
    private final String what;
    private InputStream current;
    private long delivered;
    private int failures;

    /** The blob {@code blob} of {@code repository}; {@code progress} receives the bytes delivered so far. */
    ResumingBlobStream(RegistryClient client, String repository, Descriptor blob, RegistryOptions options,
            LongConsumer progress) {
        this.client = client;
        this.repository = repository;
        this.blob = blob;
        this.options = options;
        this.progress = progress;
        this.what = "blob " + blob.digest() + " of " + client.registry() + "/" + repository;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (delivered >= blob.size()) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            try {
                if (current == null) {
                    current = open(delivered);
                }
                int n = current.read(buffer, offset, (int) Math.min(length, blob.size() - delivered));
                if (n < 0) {
                    throw new EOFException("the registry closed " + what + " after " + delivered + " of "
                            + blob.size() + " bytes");
                }
                delivered += n;
                progress.accept(delivered);
                return n;
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                closeCurrent();
                pauseOrFail(e);
            }
        }
    }

    private InputStream open(long from) throws IOException {
        HttpResponse<InputStream> response = client.openBlob(repository, blob, from);
        InputStream body = response.body();
        if (response.statusCode() == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            Matcher matcher = CONTENT_RANGE.matcher(range.trim());
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) != from) {
                Bodies.discard(body);
                throw new RegistryException("asked for " + what + " from byte " + from + ", the registry answered "
                        + "the range \"" + range + "\"");
            }
        } else if (from > 0) {
            body.skipNBytes(from);
        }
        return body;
    }

    private void pauseOrFail(IOException failure) throws IOException {
        failures++;
        RetryPolicy policy = options.retryPolicy();
        if (failures >= policy.maxAttempts()) {
            throw new RegistryException(what + " broke off after " + delivered + " bytes, " + failures + " times: "
                    + RegistryTransport.describe(failure), failure);
        }
        Duration wait = policy.delayAfter(failures);
        LOG.debug("{} broke off after {} bytes ({}); resuming in {} ms", what, delivered,
                RegistryTransport.describe(failure), wait.toMillis());
        try {
            options.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to resume " + what);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            Bodies.discard(current);
            current = null;
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
