package io.imagestore.oci;

import io.imagestore.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Reads a blob while digesting and counting it: at end of stream the digest and size must be the
 * expected ones, and reading past the expected size fails at once; either failure is a
 * {@link BlobVerificationException} naming the blob. A reader that stops before the end has verified
 * nothing: read to the end (see {@link #drain()}). Not thread-safe.
 */
public final class VerifyingInputStream extends ObservedInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String what;
    private final MessageDigest hasher;
    private long read;
    private boolean verified;

    /**
     * Wraps {@code in}, a blob that must have digest {@code expected} and {@code expectedSize} bytes
     * (any number when negative).
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize) {
        this(in, expected, expectedSize, "blob " + expected);
    }

    /** Like {@link #VerifyingInputStream(InputStream, Digest, long)}, naming the blob {@code what} in errors. */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        super(Objects.requireNonNull(in, "in"));
        this.expected = Objects.requireNonNull(expected, "expected");
        this.expectedSize = expectedSize;
        this.what = Objects.requireNonNull(what, "what");
        this.hasher = expected.newHasher();
    }

    /** The bytes read so far. */
    public long bytesRead() {
        return read;
    }

    /** Whether the end was reached and the blob verified. */
    public boolean verified() {
        return verified;
    }

    @Override
    void observe(byte[] buffer, int offset, int length) throws IOException {
        hasher.update(buffer, offset, length);
        read += length;
        if (expectedSize >= 0 && read > expectedSize) {
            throw new BlobVerificationException(expected, what, "it is longer than the declared " + expectedSize
                    + " bytes");
        }
    }

    @Override
    void atEnd() throws BlobVerificationException {
        if (verified) {
            return;
        }
        if (expectedSize >= 0 && read != expectedSize) {
            throw new BlobVerificationException(expected, what, "it ends after " + read + " of the declared "
                    + expectedSize + " bytes");
        }
        Digest actual = Digest.of(expected.algorithm(), hasher.digest());
        if (!actual.equals(expected)) {
            throw new BlobVerificationException(expected, what, "its " + read + " bytes have digest " + actual);
        }
        verified = true;
    }
}
