package io.imagestore.api;

import java.time.Duration;
import java.util.Objects;

/** What {@link LocalImageStore#prune} may remove. */
public final class PruneOptions {
    /** How old an incomplete directory or leftover must be before prune removes it by default. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final boolean allUnused;
    private final boolean dryRun;
    private final Duration grace;

    private PruneOptions(boolean allUnused, boolean dryRun, Duration grace) {
        this.allUnused = allUnused;
        this.dryRun = dryRun;
        this.grace = grace;
    }

    /** Leftovers only (incomplete images, temp files, staging, trash), older than {@link #DEFAULT_GRACE}. */
    public static PruneOptions defaults() {
        return new PruneOptions(false, false, DEFAULT_GRACE);
    }

    /** Returns a copy that also removes every complete image not in use ({@code docker image prune -a}). */
    public PruneOptions withAllUnused(boolean value) {
        return new PruneOptions(value, dryRun, grace);
    }

    /** Returns a copy that only reports what would be removed. */
    public PruneOptions withDryRun(boolean value) {
        return new PruneOptions(allUnused, value, grace);
    }

    /** Returns a copy with another grace period for leftovers (zero: remove them whatever their age). */
    public PruneOptions withGrace(Duration value) {
        if (Objects.requireNonNull(value, "grace").isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + value);
        }
        return new PruneOptions(allUnused, dryRun, value);
    }

    /** Whether complete images not in use are removed too. */
    public boolean allUnused() {
        return allUnused;
    }

    /** Whether nothing is removed, only reported. */
    public boolean dryRun() {
        return dryRun;
    }

    /** How old a leftover must be before it is removed. */
    public Duration grace() {
        return grace;
    }

    @Override
    public String toString() {
        return "PruneOptions{allUnused=" + allUnused + ", dryRun=" + dryRun + ", grace=" + grace + "}";
    }
}
