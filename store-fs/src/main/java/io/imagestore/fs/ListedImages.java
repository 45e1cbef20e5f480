package io.imagestore.fs;

import io.imagestore.api.LocalImageMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The images one listing found, each with its canonical reference and the rank of its directory among
 * the reference's candidates; {@link #sorted()} orders them by reference and keeps the best-ranked
 * directory of each.
 *
 * <p>Sorting ten thousand references that share a long prefix (one registry, one repository) spends most
 * of its time comparing that prefix again and again. So before sorting, each image gets a sort key: the
 * four UTF-16 characters that follow the prefix common to every listed reference, packed into a long
 * (big-endian, 0 past the end). Keys are ordered as their references are (a smaller key means a smaller
 * reference; equal keys say nothing), so the comparison looks at the references themselves only on a tie.
 */
final class ListedImages {
    private static final int KEY_CHARS = 4;

    private final List<Listed> images = new ArrayList<>();

    /** Adds an image whose reference has the canonical form {@code canonical}, found in its {@code rank}-th candidate. */
    void add(String canonical, int rank, LocalImageMetadata metadata) {
        images.add(new Listed(canonical, rank, metadata));
    }

    /** Every reference once, in canonical order, each with the metadata of its best-ranked directory. */
    List<LocalImageMetadata> sorted() {
        Listed[] sorted = images.toArray(new Listed[0]);
        int common = commonPrefix(sorted);
        for (Listed listed : sorted) {
            listed.key = key(listed.canonical, common);
        }
        Arrays.sort(sorted, Listed.ORDER);
        List<LocalImageMetadata> result = new ArrayList<>(sorted.length);
        String previous = null;
        for (Listed listed : sorted) {
            if (!listed.canonical.equals(previous)) {
                result.add(listed.metadata);
                previous = listed.canonical;
            }
        }
        return result;
    }

    /** The length of the prefix every listed reference shares. */
    private static int commonPrefix(Listed[] listed) {
        if (listed.length == 0) {
            return 0;
        }
        String prefix = listed[0].canonical;
        for (Listed other : listed) {
            String text = other.canonical;
            if (!text.startsWith(prefix)) {
                int limit = Math.min(prefix.length(), text.length());
                int i = 0;
                while (i < limit && text.charAt(i) == prefix.charAt(i)) {
                    i++;
                }
                prefix = prefix.substring(0, i);
            }
        }
        return prefix.length();
    }

    /** The {@link #KEY_CHARS} characters of {@code text} from {@code from}, packed big-endian, 0 past its end. */
    static long key(String text, int from) {
        long key = 0;
        for (int i = from; i < from + KEY_CHARS; i++) {
            key = key << Character.SIZE | (i < text.length() ? text.charAt(i) : 0);
        }
        return key;
    }

    /** One listed image; {@code key} is set just before sorting. */
    private static final class Listed {
        /** By key (unsigned), then reference, then best-ranked directory first. */
        static final Comparator<Listed> ORDER = new Comparator<>() {
            @Override
            public int compare(Listed a, Listed b) {
                int byKey = Long.compareUnsigned(a.key, b.key);
                if (byKey != 0) {
                    return byKey;
                }
                int byReference = a.canonical.compareTo(b.canonical);
                return byReference != 0 ? byReference : Integer.compare(a.rank, b.rank);
            }
        };

        final String canonical;
        final int rank;
        final LocalImageMetadata metadata;
        long key;

        Listed(String canonical, int rank, LocalImageMetadata metadata) {
            this.canonical = canonical;
            this.rank = rank;
            this.metadata = metadata;
        }
    }
}
