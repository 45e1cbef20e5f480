package io.imagestore.api.wire;

/**
 * Well-formedness of UTF-16 text: wire strings are Rust {@code String}s (valid UTF-8), so a Java
 * string holding an unpaired surrogate can neither be written nor be the result of a read.
 */
final class UnicodeText {
    private UnicodeText() {}

    /** The index of the first unpaired surrogate in {@code text}, or -1 when it is well formed. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns {@code value} for writing {@code field}, or throws when it is not valid Unicode. */
    static String requireWellFormed(String field, String value) {
        int index = unpairedSurrogate(value);
        if (index >= 0) {
            throw new IllegalArgumentException("field `" + field + "` holds an unpaired UTF-16 surrogate at index "
                    + index + "; wire strings must be valid Unicode");
        }
        return value;
    }
}
