package io.imagestore.api.wire;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escapes exactly as {@code serde_json} writes them: {@code \"}, {@code \\}, the short forms
 * {@code \b \f \n \r \t}, and every other control character below U+0020 as a six-character escape with
 * <em>lower-case</em> hex (Jackson's own default is upper case). Nothing else is escaped: not
 * {@code /}, not U+007F, not non-ASCII.
 */
final class SerdeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int[] asciiEscapes;

    SerdeEscapes() {
        asciiEscapes = standardAsciiEscapesForJSON();
        for (int c = 0; c < 0x20; c++) {
            if (!hasShortForm(c)) {
                asciiEscapes[c] = ESCAPE_CUSTOM;
            }
        }
    }

    private static boolean hasShortForm(int c) {
        return c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes.clone();
    }

    /** The six-character escape of a control character; null (no escape) for any other character. */
    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch >= 0x20) {
            return null;
        }
        return new SerializedString("\\u00" + HEX[ch >> 4] + HEX[ch & 0xf]);
    }
}
