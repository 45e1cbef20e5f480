package io.imagestore.api;

/** Quotes user input for error messages so that control characters and long inputs stay readable. */
final class Quoting {
    private static final int MAX_SHOWN = 300;

    private Quoting() {}

    /** Returns {@code text} in double quotes, control characters escaped, cut after 300 characters. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 8).append('"');
        int shown = Math.min(text.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (text.length() > MAX_SHOWN) {
            out.append("… (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
