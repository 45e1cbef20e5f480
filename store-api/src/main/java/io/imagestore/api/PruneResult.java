package io.imagestore.api;

import java.util.List;
import java.util.Objects;

/** What {@link LocalImageStore#prune} removed (or, in a dry run, would remove). */
public final class PruneResult {
    private final List<String> deleted;
    private final long bytesReclaimed;

    private PruneResult(List<String> deleted, long bytesReclaimed) {
        this.deleted = List.copyOf(deleted);
        this.bytesReclaimed = bytesReclaimed;
    }

    /** A result listing the removed references or directory names and the bytes freed. */
    public static PruneResult of(List<String> deleted, long bytesReclaimed) {
        if (bytesReclaimed < 0) {
            throw new IllegalArgumentException("bytes reclaimed must not be negative: " + bytesReclaimed);
        }
        return new PruneResult(Objects.requireNonNull(deleted, "deleted"), bytesReclaimed);
    }

    /** Removed image references (canonical) and leftover directory or file names, in removal order. */
    public List<String> deleted() {
        return deleted;
    }

    /** Bytes of regular files freed, hard links counted once. */
    public long bytesReclaimed() {
        return bytesReclaimed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PruneResult && deleted.equals(((PruneResult) other).deleted)
                && bytesReclaimed == ((PruneResult) other).bytesReclaimed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(deleted, bytesReclaimed);
    }

    @Override
    public String toString() {
        return "PruneResult{deleted=" + deleted + ", bytesReclaimed=" + bytesReclaimed + "}";
    }
}
