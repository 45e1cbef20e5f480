package io.imagestore.oci;

/**
 * A layer entry that would reach outside the rootfs or is otherwise not allowed (a {@code ..} component,
 * an absolute or over-long name, NUL, a path through a symbolic link, a hard link to something outside
 * or to a directory, a duplicate entry). The message names the layer and the entry. The load stops and
 * nothing is stored.
 */
public final class UnsafeLayerException extends OciFormatException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for entry {@code entry} of {@code layer}, with what is wrong with it. */
    public UnsafeLayerException(String layer, String entry, String reason) {
        super(layer + " entry " + quote(entry), reason + "; the archive is damaged or hostile, nothing was stored");
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(text.length(), 200);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > shown) {
            out.append("… (").append(text.length()).append(" characters)");
        }
        return out.append('"').toString();
    }
}
