package io.imagestore.fs;

import io.imagestore.api.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a store's images live under its root, for its {@link Layout}, and which lock keys guard them.
 *
 * <p>Lock keys: {@code dir:<name>} for every directory an operation on the image may create, replace
 * or remove, so that two references sharing a directory (zlayer) exclude each other; in the zlayer
 * layout also {@code ref:<canonical>}, so that two spellings of one reference (which may pick
 * different directories) exclude each other. Every writer of a directory holds its {@code dir:} key,
 * whatever the layout, which is what recovery takes before touching a directory.
 */
final class ImageDirectories {
    /** How many references' candidate names are remembered; the memory is emptied when it would grow beyond. */
    static final int MAX_REMEMBERED = 4_096;

    private final Path root;
    private final Layout layout;
    /** Candidate names by canonical reference (default layout) or by spelling (zlayer, whose names follow it). */
    private final Map<String, List<String>> remembered = new ConcurrentHashMap<>();

    ImageDirectories(Path root, Layout layout) {
        this.root = root;
        this.layout = layout;
    }

    /** The store's root (a real path). */
    Path root() {
        return root;
    }

    /** The store's layout. */
    Layout layout() {
        return layout;
    }

    /** The directory called {@code name} under the root. */
    Path resolve(String name) {
        return root.resolve(name);
    }

    /**
     * The directory names a read of {@code reference} tries, most likely first; remembered for the last
     * few thousand references, so that repeated reads of one image (the router's) do not encode its name
     * again each time.
     */
    List<String> candidates(ImageReference reference) {
        String key = layout == Layout.IMAGESTORE ? reference.canonical() : reference.original();
        List<String> names = remembered.get(key);
        if (names == null) {
            names = computeCandidates(reference);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(key, names);
        }
        return names;
    }

    /** {@link #candidates}, computed without remembering (for a pass over every image). */
    List<String> computeCandidates(ImageReference reference) {
        return layout == Layout.IMAGESTORE
                ? List.of(DirectoryNames.of(reference))
                : List.copyOf(DirectoryNames.zlayerSpellings(reference));
    }

    /**
     * The rank of directory {@code name} among {@link #computeCandidates}{@code (reference)}, -1 when it is
     * not one of them; in the default layout without encoding the name when it is plain (a listing asks
     * this of every image).
     */
    int rankOf(String name, ImageReference reference) {
        if (layout == Layout.IMAGESTORE) {
            return DirectoryNames.isEncodingOf(name, reference.canonical()) ? 0 : -1;
        }
        return computeCandidates(reference).indexOf(name);
    }

    /**
     * Where {@code reference}'s image belongs, for messages: its first candidate directory, or that this
     * layout has none for it (a zlayer name longer than 255 bytes in every spelling).
     */
    String describeHome(ImageReference reference) {
        List<String> names = candidates(reference);
        return names.isEmpty() ? "no directory of the " + layout.name().toLowerCase(Locale.ROOT)
                + " layout (its name would be too long)" : resolve(names.get(0)).toString();
    }

    /**
     * The directory a new image of {@code reference} gets (spelled as its {@code original()}); in the
     * default layout its one candidate, so that a builder writing the same image again does not encode
     * its name each time.
     */
    String newName(ImageReference reference) {
        return layout == Layout.IMAGESTORE
                ? candidates(reference).get(0)
                : DirectoryNames.zlayer(reference.original());
    }

    /**
     * Whether a writer must check that a sidecar in directory {@code name} names its reference: always
     * in the zlayer layout; in the default layout only for hashed names, because an unhashed name
     * decodes to exactly one reference.
     */
    boolean mayBeShared(String name) {
        return layout == Layout.ZLAYER || DirectoryNames.isHashed(name);
    }

    /** The lock keys guarding {@code reference}'s image. */
    List<String> lockKeys(ImageReference reference) {
        List<String> keys = new ArrayList<>();
        for (String name : candidates(reference)) {
            keys.add(directoryKey(name));
        }
        if (layout == Layout.ZLAYER) {
            keys.add(referenceKey(reference));
        }
        return keys;
    }

    /** The lock key every writer of directory {@code name} holds. */
    static String directoryKey(String name) {
        return "dir:" + name;
    }

    /** The lock key of a reference in the zlayer layout. */
    static String referenceKey(ImageReference reference) {
        return "ref:" + reference.canonical();
    }
}
