package io.imagestore.cli;

/** A digest shortened for tables like Docker's image IDs: the first 12 hex digits, algorithm dropped. */
final class ShortDigest {
    private static final int SHOWN = 12;

    private ShortDigest() {}

    /** {@code sha256:3f57d9401f8d42f9…} → {@code 3f57d9401f8d}; a shorter value is kept whole. */
    static String of(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return hex.length() <= SHOWN ? hex : hex.substring(0, SHOWN);
    }
}
