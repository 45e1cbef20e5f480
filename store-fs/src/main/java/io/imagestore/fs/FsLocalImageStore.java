package io.imagestore.fs;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.api.ResolvedPlatform;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file-system {@link LocalImageStore}: one directory per image under a root.
 * (Skeleton: the protocols are being implemented; see issue 3.)
 */
public final class FsLocalImageStore implements LocalImageStore, AutoCloseable {
    private final Options options;

    private FsLocalImageStore(Options options) {
        this.options = options;
    }

    /** Opens (creating if missing) the store at {@code root} with default options. */
    public static FsLocalImageStore open(Path root) {
        return builder(root).open();
    }

    /** Starts configuring a store at {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The store's root directory. */
    public Path root() {
        return options.root;
    }

    /** Where the image {@code reference} lives (or would live), whether or not it exists. */
    public Path imageDirectory(ImageReference reference) {
        throw new IllegalStateException("not implemented yet");
    }

    /** Sum of regular-file sizes under the image's {@code rootfs/}, symlinks not followed, hard links once. */
    public long measureRootfs(ImageReference reference) {
        throw new IllegalStateException("not implemented yet");
    }

    /** Checks the whole store; with {@code repair}, removes what can never be a good image. */
    public FsckReport fsck(boolean repair) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public LocalImageMetadata write(LocalImageMetadata metadata) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public Optional<LocalImageMetadata> read(ImageReference reference) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public List<LocalImageMetadata> list() {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public void remove(ImageReference reference, boolean force) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public LocalImageMetadata tag(ImageReference source, ImageReference target) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public PruneResult prune(PruneOptions pruneOptions) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public ResolvedPlatform resolvePlatform(ImageReference reference) {
        throw new IllegalStateException("not implemented yet");
    }

    @Override
    public ImageBuild beginBuild(ImageReference reference) {
        throw new IllegalStateException("not implemented yet");
    }

    /** Releases the store's lock channels held by this instance; the files on disk stay. */
    @Override
    public void close() {
    }

    /** Configures and opens a {@link FsLocalImageStore}. */
    public static final class Builder {
        private final Path root;
        private Layout layout = Layout.IMAGESTORE;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Durability durability = Durability.FSYNC;
        private Predicate<ImageReference> inUse = reference -> false;
        private boolean readCache = true;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** The directory layout (default {@link Layout#IMAGESTORE}). */
        public Builder layout(Layout value) {
            this.layout = Objects.requireNonNull(value, "layout");
            return this;
        }

        /** How long to wait for an image's lock before {@code LockTimeoutException} (default 30 s). */
        public Builder lockTimeout(Duration value) {
            this.lockTimeout = Objects.requireNonNull(value, "lockTimeout");
            return this;
        }

        /** The clock for {@code created} defaults and prune grace periods (default UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Whether writes are fsynced (default {@link Durability#FSYNC}). */
        public Builder durability(Durability value) {
            this.durability = Objects.requireNonNull(value, "durability");
            return this;
        }

        /** Tells which images are in use, so remove and prune leave them alone unless forced. */
        public Builder inUse(Predicate<ImageReference> value) {
            this.inUse = Objects.requireNonNull(value, "inUse");
            return this;
        }

        /** Whether reads are served from a cache revalidated by one stat (default on). */
        public Builder readCache(boolean value) {
            this.readCache = value;
            return this;
        }

        /** Opens the store, creating the root and its bookkeeping directories if missing. */
        public FsLocalImageStore open() {
            return new FsLocalImageStore(new Options(root, layout, lockTimeout, clock, durability, inUse, readCache));
        }
    }

    static final class Options {
        final Path root;
        final Layout layout;
        final Duration lockTimeout;
        final Clock clock;
        final Durability durability;
        final Predicate<ImageReference> inUse;
        final boolean readCache;

        Options(Path root, Layout layout, Duration lockTimeout, Clock clock, Durability durability,
                Predicate<ImageReference> inUse, boolean readCache) {
            this.root = root;
            this.layout = layout;
            this.lockTimeout = lockTimeout;
            this.clock = clock;
            this.durability = durability;
            this.inUse = inUse;
            this.readCache = readCache;
        }
    }
}
