package io.imagestore.fs;

import io.imagestore.api.LocalImageMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The images one listing found, each with its canonical reference and the rank of its directory among
 * the reference's candidates; {@link #sorted()} orders them by reference and keeps the best-ranked
 * directory of each.
 *
 * <p>Sorting ten thousand references that share a long prefix (one registry, one repository) as objects
 * spends its time comparing that prefix again and again, and fetching strings scattered over the heap.
 * So each image is kept in parallel arrays, and gets a code as it is added, while its reference is
 * still in the processor's cache: the characters that follow the prefix common to every reference added
 * so far, 7 bits each (references are ASCII; from a character of {@code 0x7f} or above on, the code
 * says nothing more). Sorting is then one sort of {@code long}s, each the leading characters of a code with the image's
 * index below them. Codes are ordered as their references are: a smaller code means a smaller reference,
 * while equal codes say nothing, so each run of equal codes is then sorted by the references themselves,
 * then by rank. When the common prefix shrinks, the codes of the images added before are made again.
 */
final class ListedImages {
    /** Characters a code holds: 7 bits each in a {@code long}'s 63 non-negative bits. */
    private static final int CODE_CHARS = 9;
    private static final int CHAR_BITS = 7;
    private static final int MAX_CHAR = (1 << CHAR_BITS) - 1;

    private String[] canonicals = new String[16];
    private int[] ranks = new int[16];
    private LocalImageMetadata[] metadata = new LocalImageMetadata[16];
    private long[] codes = new long[16];
    private int size;
    /** The prefix every reference added so far shares; null before the first. */
    private String prefix;
    /** The images below this index got their code for a longer prefix than the current one. */
    private int stale;

    /** Adds an image whose reference has the canonical form {@code canonical}, found in its {@code rank}-th candidate. */
    void add(String canonical, int rank, LocalImageMetadata image) {
        if (size == canonicals.length) {
            int capacity = size * 2;
            canonicals = Arrays.copyOf(canonicals, capacity);
            ranks = Arrays.copyOf(ranks, capacity);
            metadata = Arrays.copyOf(metadata, capacity);
            codes = Arrays.copyOf(codes, capacity);
        }
        if (prefix == null) {
            prefix = canonical;
        } else if (!canonical.startsWith(prefix)) {
            prefix = prefix.substring(0, mismatch(prefix, canonical));
            stale = size;
        }
        canonicals[size] = canonical;
        ranks[size] = rank;
        metadata[size] = image;
        codes[size] = code(canonical, prefix.length());
        size++;
    }

    /** Every reference once, in canonical order, each with the metadata of its best-ranked directory. */
    List<LocalImageMetadata> sorted() {
        for (int i = 0; i < stale; i++) {
            codes[i] = code(canonicals[i], prefix.length());
        }
        stale = 0;
        int indexBits = Math.max(1, Integer.SIZE - Integer.numberOfLeadingZeros(size));
        int kept = Math.min(CODE_CHARS, (Long.SIZE - 1 - indexBits) / CHAR_BITS);
        int dropped = (CODE_CHARS - kept) * CHAR_BITS;
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = codes[i] >>> dropped << indexBits | i;
        }
        Arrays.sort(order);
        long indexMask = (1L << indexBits) - 1;
        int[] indexes = new int[size];
        for (int i = 0; i < size; i++) {
            indexes[i] = (int) (order[i] & indexMask);
        }
        List<LocalImageMetadata> result = new ArrayList<>(size);
        int start = 0;
        while (start < size) {
            int end = start + 1;
            while (end < size && order[end] >>> indexBits == order[start] >>> indexBits) {
                end++;
            }
            if (end - start > 1) {
                sortTies(indexes, start, end);
            }
            String previous = null;
            for (int i = start; i < end; i++) {
                String canonical = canonicals[indexes[i]];
                if (!canonical.equals(previous)) {
                    result.add(metadata[indexes[i]]);
                    previous = canonical;
                }
            }
            start = end;
        }
        return result;
    }

    /** Sorts {@code indexes[from, to)}, whose codes are equal, by reference, then best-ranked directory first. */
    private void sortTies(int[] indexes, int from, int to) {
        Integer[] run = new Integer[to - from];
        for (int i = from; i < to; i++) {
            run[i - from] = indexes[i];
        }
        Arrays.sort(run, (a, b) -> {
            int byReference = canonicals[a].compareTo(canonicals[b]);
            return byReference != 0 ? byReference : Integer.compare(ranks[a], ranks[b]);
        });
        for (int i = from; i < to; i++) {
            indexes[i] = run[i - from];
        }
    }

    /** The index of the first character at which {@code a} and {@code b} differ (or the shorter's length). */
    private static int mismatch(String a, String b) {
        int limit = Math.min(a.length(), b.length());
        int i = 0;
        while (i < limit && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /**
     * The {@link #CODE_CHARS} characters of {@code text} from {@code from}, 7 bits each, big-endian, 0 past
     * the end. A character of {@code 0x7f} or above counts as {@code 0x7f} and ends the code (0 after it):
     * two such characters may differ, so what follows them must not decide.
     */
    static long code(String text, int from) {
        long code = 0;
        boolean saturated = false;
        for (int i = from; i < from + CODE_CHARS; i++) {
            int digit = saturated || i >= text.length() ? 0 : Math.min(text.charAt(i), MAX_CHAR);
            saturated |= digit == MAX_CHAR;
            code = code << CHAR_BITS | digit;
        }
        return code;
    }
}
