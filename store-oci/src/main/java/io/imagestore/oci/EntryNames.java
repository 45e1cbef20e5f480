package io.imagestore.oci;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tar entry's name into a path relative to the rootfs, or refuses it. Accepted: components
 * separated by {@code /}, where empty and {@code .} components are dropped (so {@code ./usr//bin/} is
 * {@code usr/bin}, and an absolute name such as {@code /etc/passwd} or umoci's {@code /} is read inside the
 * rootfs, as Docker, containerd and umoci read it: {@code etc/passwd}, the rootfs itself). Refused: a
 * {@code ..} component, NUL, a component longer than 255 bytes or a name longer than 4096 bytes in UTF-8
 * (Linux's {@code NAME_MAX} and {@code PATH_MAX}).
 * The result never starts or ends with {@code /}, never has empty, {@code .} or {@code ..} components,
 * and is empty only for the rootfs itself.
 */
final class EntryNames {
    static final int MAX_COMPONENT_BYTES = 255;
    static final int MAX_NAME_BYTES = 4096;

    private EntryNames() {}

    /**
     * The normalised relative name of {@code name}.
     *
     * @throws UnsafeLayerException when the name is refused (naming {@code layer} and the entry)
     */
    static String normalise(String name, String layer) {
        if (name.isEmpty()) {
            throw new UnsafeLayerException(layer, name, "the entry has an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeLayerException(layer, name, "the name holds a NUL character");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new UnsafeLayerException(layer, name, "the name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        List<String> kept = new ArrayList<>();
        for (String component : name.split("/", -1)) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                throw new UnsafeLayerException(layer, name, "the name has a '..' component");
            }
            if (component.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw new UnsafeLayerException(layer, name, "a name component is longer than "
                        + MAX_COMPONENT_BYTES + " bytes");
            }
            kept.add(component);
        }
        return String.join("/", kept);
    }

    /** The parent of a normalised name ({@code ""} for a top-level name). */
    static String parent(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    /** The last component of a normalised name. */
    static String baseName(String relative) {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }

    /** {@code parent}/{@code child}, where {@code parent} may be the rootfs ({@code ""}). */
    static String child(String parent, String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }
}
