package io.imagestore.fs;

import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps image references to directory names: one path component under the store root.
 *
 * <p><b>Default scheme</b> ({@link Layout#IMAGESTORE}), applied to the UTF-8 bytes of the canonical
 * reference (stable across releases: changing it orphans every existing image):
 * <ol>
 *   <li>{@code a-z}, {@code 0-9}, {@code .}, {@code -} and {@code @} are kept; {@code /} becomes
 *       {@code +} and {@code :} becomes {@code =}; every other byte (upper case, {@code _}, {@code [},
 *       {@code ]}, …) becomes {@code _} and two lower-case hex digits.
 *   <li>A {@code .} that is the first or the last byte is escaped ({@code _2e}), so a name is never
 *       {@code .}, {@code ..} or hidden, and never ends with a dot (Windows drops trailing dots).
 *   <li>When the part before the first {@code .} is a Windows device name ({@code con}, {@code prn},
 *       {@code aux}, {@code nul}, {@code com0}–{@code com9}, {@code lpt0}–{@code lpt9}), its first byte
 *       is escaped.
 *   <li>A name longer than 255 bytes keeps its first at most 190 bytes (never splitting an escape),
 *       then {@code ~} and the 64 lower-case hex digits of the SHA-256 of the canonical reference.
 * </ol>
 * Every name is lower-case ASCII from {@code [a-z0-9.+=@_~-]}, so case folding (APFS, NTFS) never
 * merges two names; {@code ~} appears only in hashed names, which therefore never equal an unhashed
 * one; an unhashed name decodes back to its reference ({@link #decode}). Examples:
 * {@code alpine} → {@code docker.io+library+alpine=latest}, {@code ghcr.io/o/app:V1} →
 * {@code ghcr.io+o+app=_561}, {@code localhost:5000/my_app:1.} → {@code localhost=5000+my_5fapp=1_2e}.
 *
 * <p><b>zlayer scheme</b> ({@link Layout#ZLAYER}): the reference as it was spelled, with {@code /},
 * {@code :} and {@code @} replaced by {@code _}, as the Rust original did. Not injective; the store
 * detects collisions through the reference stored in each sidecar.
 */
final class DirectoryNames {
    /** The longest directory name, in bytes, that common file systems accept. */
    static final int MAX_BYTES = 255;
    /** Bytes of the readable prefix kept in a hashed name: 255 − 1 ({@code ~}) − 64 (hex digest). */
    static final int HASHED_PREFIX_BYTES = MAX_BYTES - 1 - 64;

    private static final char HASH_MARK = '~';
    private static final char ESCAPE = '_';
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private DirectoryNames() {}

    /** The default-scheme directory name of {@code reference}. */
    static String of(ImageReference reference) {
        return encode(reference.canonical());
    }

    /** The default-scheme name of any text (for references, pass the canonical form). */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean edgeDot = b == '.' && (i == 0 || i == bytes.length - 1);
            if (edgeDot) {
                escape(out, b);
            } else if (isKept(b)) {
                out.append((char) b);
            } else if (b == '/') {
                out.append('+');
            } else if (b == ':') {
                out.append('=');
            } else {
                escape(out, b);
            }
        }
        if (isWindowsDevice(out)) {
            int first = out.charAt(0);
            out.replace(0, 1, "");
            out.insert(0, new char[] {ESCAPE, HEX[first >> 4], HEX[first & 0xf]});
        }
        return out.length() > MAX_BYTES ? hashed(out, bytes) : out.toString();
    }

    /**
     * Whether {@code name} is {@link #encode}{@code (text)}: decided without building the encoding when
     * every character of {@code text} is kept or mapped one for one (the common case, and what a listing
     * checks for every image), else by encoding.
     */
    static boolean isEncodingOf(String name, String text) {
        int length = text.length();
        if (length == name.length() && length <= MAX_BYTES) {
            int i = 0;
            while (i < length) {
                char expected = plain(text.charAt(i), i == 0 || i == length - 1);
                if (expected == 0 || name.charAt(i) != expected) {
                    break;
                }
                i++;
            }
            if (i == length) {
                // encode would have written exactly name, unless its first part is a device name.
                return !isWindowsDevice(name);
            }
        }
        return encode(text).equals(name);
    }

    /**
     * What {@link #encode} writes for the ASCII character {@code c} when it is kept or mapped one for one;
     * 0 when it is escaped.
     */
    private static char plain(char c, boolean atEdge) {
        if (c == '/') {
            return '+';
        }
        if (c == ':') {
            return '=';
        }
        return isKept(c) && !(c == '.' && atEdge) ? c : 0;
    }

    /**
     * Whether {@code name} stays one entry inside its parent: not empty, not hidden (so never {@code .}
     * or {@code ..}), at most 255 UTF-8 bytes, without a path separator ({@code /} or backslash), NUL or
     * control characters. Both schemes produce only such names.
     */
    static boolean isContained(String name) {
        if (name.isEmpty() || name.charAt(0) == '.' || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a hashed (irreversible) default-scheme name. */
    static boolean isHashed(String name) {
        return name.indexOf(HASH_MARK) >= 0;
    }

    /** Whether the default scheme can produce {@code name} (for some reference, hashed or not). */
    static boolean isProduced(String name) {
        if (!isHashed(name)) {
            return decode(name).isPresent();
        }
        int mark = name.length() - 65;
        if (mark < 1 || name.charAt(mark) != HASH_MARK || name.length() > MAX_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = i > mark ? hexDigit(c) >= 0 : i == mark || c == '+' || c == '=' || c == ESCAPE || isKept(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The reference an unhashed default-scheme name stands for; empty for hashed names and for names
     * this scheme never produces.
     */
    static Optional<ImageReference> decode(String name) {
        Optional<String> text = decodeText(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            ImageReference reference = ImageReference.parse(text.get());
            return reference.canonical().equals(text.get()) ? Optional.of(reference) : Optional.empty();
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    /** The text an unhashed default-scheme name was encoded from; empty when it is not such a name. */
    static Optional<String> decodeText(String name) {
        if (name.isEmpty() || isHashed(name) || name.length() > MAX_BYTES) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ESCAPE) {
                int value = i + 2 < name.length() ? hexPair(name.charAt(i + 1), name.charAt(i + 2)) : -1;
                if (value < 0) {
                    return Optional.empty();
                }
                bytes.write(value);
                i += 2;
            } else if (c == '+') {
                bytes.write('/');
            } else if (c == '=') {
                bytes.write(':');
            } else if (c < 0x80 && isKept(c)) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        String text = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        return encode(text).equals(name) ? Optional.of(text) : Optional.empty();
    }

    /**
     * The zlayer-scheme name of a reference spelled {@code spelling}: {@code /}, {@code :} and
     * {@code @} replaced by {@code _}.
     *
     * @throws InvalidReferenceException when the name would be empty, {@code .}, {@code ..}, hidden,
     *     or longer than 255 bytes
     */
    static String zlayer(String spelling) {
        String name = spelling.replace('/', '_').replace(':', '_').replace('@', '_');
        if (name.isEmpty() || name.charAt(0) == '.') {
            throw new InvalidReferenceException(spelling, "the zlayer layout would store it in the unsafe"
                    + " directory name '" + name + "'; use the default layout");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidReferenceException(spelling, "its zlayer directory name is longer than " + MAX_BYTES
                    + " bytes; use the default layout, which shortens long names");
        }
        return name;
    }

    /**
     * The zlayer-scheme names a user may have stored {@code reference} under, most likely first: as
     * spelled, familiar ({@code alpine:latest}), familiar without {@code :latest}, canonical. Spellings
     * whose names would be unsafe are left out.
     */
    static List<String> zlayerSpellings(ImageReference reference) {
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(reference.original());
        spellings.add(reference.familiar());
        if (reference.digest().isEmpty() && reference.tag().filter("latest"::equals).isPresent()) {
            String familiar = reference.familiar();
            spellings.add(familiar.substring(0, familiar.length() - ":latest".length()));
        }
        spellings.add(reference.canonical());
        Set<String> names = new LinkedHashSet<>();
        for (String spelling : spellings) {
            try {
                names.add(zlayer(spelling));
            } catch (InvalidReferenceException e) {
                continue;
            }
        }
        return new ArrayList<>(names);
    }

    private static boolean isKept(int b) {
        return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.' || b == '-' || b == '@';
    }

    private static void escape(StringBuilder out, int b) {
        out.append(ESCAPE).append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    private static int hexPair(char high, char low) {
        int h = hexDigit(high);
        int l = hexDigit(low);
        return h < 0 || l < 0 ? -1 : h << 4 | l;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static boolean isWindowsDevice(CharSequence name) {
        int end = 0;
        while (end < name.length() && name.charAt(end) != '.') {
            end++;
        }
        return end >= 3 && end <= 4 && WINDOWS_DEVICES.contains(name.subSequence(0, end).toString());
    }

    private static String hashed(StringBuilder name, byte[] text) {
        int cut = HASHED_PREFIX_BYTES;
        if (name.charAt(cut - 1) == ESCAPE) {
            cut -= 1;
        } else if (name.charAt(cut - 2) == ESCAPE) {
            cut -= 2;
        }
        StringBuilder out = new StringBuilder(MAX_BYTES).append(name, 0, cut).append(HASH_MARK);
        for (byte b : sha256(text)) {
            out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
