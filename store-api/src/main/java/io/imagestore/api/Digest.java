package io.imagestore.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A content digest as OCI documents write it: {@code sha256:<64 lower-case hex>} or
 * {@code sha512:<128 lower-case hex>}. Immutable; equal when algorithm and hex are equal.
 */
public final class Digest {
    /** The algorithm every new blob is addressed by. */
    public static final String SHA256 = "sha256";
    /** The other algorithm the OCI image spec registers. */
    public static final String SHA512 = "sha512";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String algorithm;
    private final String hex;

    private Digest(String algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    /**
     * Parses {@code text}.
     *
     * @throws InvalidDigestException when it is not a sha256 or sha512 digest in canonical spelling
     */
    public static Digest parse(String text) {
        if (text == null) {
            throw new InvalidDigestException(null, "no digest given");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidDigestException(text, "no ':' between algorithm and hex");
        }
        String algorithm = text.substring(0, colon);
        int length = hexLength(algorithm);
        if (length < 0) {
            throw new InvalidDigestException(text, "unsupported algorithm " + Quoting.quote(algorithm));
        }
        String hex = text.substring(colon + 1);
        if (hex.length() != length) {
            throw new InvalidDigestException(text, algorithm + " needs " + length + " hex digits, not " + hex.length());
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new InvalidDigestException(text, "character " + (colon + 2 + i)
                        + " is not a lower-case hex digit");
            }
        }
        return new Digest(algorithm, hex);
    }

    /** The SHA-256 digest of {@code content}. */
    public static Digest sha256(byte[] content) {
        MessageDigest hasher = newHasher(SHA256);
        return of(SHA256, hasher.digest(content));
    }

    /**
     * The digest of algorithm {@code algorithm} ({@link #SHA256} or {@link #SHA512}) whose raw value is
     * {@code hash}, as a {@link MessageDigest} from {@link #newHasher(String)} returns it.
     *
     * @throws InvalidDigestException when the algorithm is unsupported or the hash has the wrong length
     */
    public static Digest of(String algorithm, byte[] hash) {
        int length = hexLength(algorithm);
        if (length < 0 || hash.length * 2 != length) {
            throw new InvalidDigestException(algorithm + ":<" + hash.length + " bytes>",
                    "unsupported algorithm or wrong hash length");
        }
        char[] out = new char[length];
        for (int i = 0; i < hash.length; i++) {
            out[2 * i] = HEX[(hash[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        return new Digest(algorithm, new String(out));
    }

    /**
     * A new {@link MessageDigest} for {@code algorithm} ({@link #SHA256} or {@link #SHA512}).
     *
     * @throws InvalidDigestException when the algorithm is unsupported
     */
    public static MessageDigest newHasher(String algorithm) {
        String javaName;
        if (SHA256.equals(algorithm)) {
            javaName = "SHA-256";
        } else if (SHA512.equals(algorithm)) {
            javaName = "SHA-512";
        } else {
            throw new InvalidDigestException(String.valueOf(algorithm), "unsupported algorithm");
        }
        try {
            return MessageDigest.getInstance(javaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + javaName, e);
        }
    }

    /** A new {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newHasher() {
        return newHasher(algorithm);
    }

    private static int hexLength(String algorithm) {
        if (SHA256.equals(algorithm)) {
            return 64;
        }
        if (SHA512.equals(algorithm)) {
            return 128;
        }
        return -1;
    }

    /** The algorithm: {@code sha256} or {@code sha512}. */
    public String algorithm() {
        return algorithm;
    }

    /** The lower-case hex encoding of the hash. */
    public String hex() {
        return hex;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest && ((Digest) other).algorithm.equals(algorithm)
                && ((Digest) other).hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, hex);
    }

    /** {@code algorithm:hex}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
