package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageInUseException;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.api.ResolvedPlatform;
import io.imagestore.fs.ImageFinder.Found;
import io.imagestore.fs.LockRegistry.Mode;
import io.imagestore.fs.SidecarReader.Sidecar;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The file-system {@link LocalImageStore}: one directory per image under a root.
 *
 * <pre>
 * {root}/
 *   .imagestore/        bookkeeping, never an image
 *     locks/            stripe-NNNN.lock: always empty, never deleted   ({@link ImageLocks})
 *     staging/          builds in progress                              ({@link Staging})
 *     trash/            removed images, renamed here, then deleted      ({@link Trash})
 *     blobs/            content-addressed blobs shared by all images     ({@link BlobStore})
 *   {dir}/              one image; {dir} from the reference             ({@link DirectoryNames})
 *     rootfs/
 *     image-config.json, manifest.json   the OCI documents of a loaded image, exact bytes (optional)
 *     metadata.json     written last: its presence means "complete"     ({@link AtomicFile}, {@link SidecarReader})
 * </pre>
 *
 * <p>Writes, commits, tags and removals take the image's lock ({@link LockRegistry}: in-JVM and
 * {@code FileChannel.lock} across processes); reads take none. One instance may be shared by every
 * thread of a process, and any number of processes may open the same root. Opening recovers what dead
 * processes left: builds in staging (interrupted commits are completed), the trash, and, unless turned
 * off, temp files in image directories. A root on a network file system (NFS, CIFS/SMB) is logged as a
 * warning: locks across machines are not supported there.
 */
public final class FsLocalImageStore implements LocalImageStore, AutoCloseable {
    private static final LazyLogger LOG = new LazyLogger(FsLocalImageStore.class);
    private static final String SIDECAR = LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE;

    private final Options options;
    private final ImageDirectories directories;
    private final Path lockDirectory;
    private final Fsync fsync;
    private final AtomicFile atomicFile;
    private final SidecarReader reader;
    private final ImageLocks locks;
    private final Trash trash;
    private final ImageSwap swap;
    private final Staging staging;
    private final ImageLeftovers leftovers;
    private final ImageFinder finder;
    private final BlobStore blobs;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FsLocalImageStore(Options options, Path root) {
        this.options = options;
        Path bookkeeping = root.resolve(StoreRoot.BOOKKEEPING_DIRECTORY);
        this.directories = new ImageDirectories(root, options.layout);
        this.lockDirectory = bookkeeping.resolve(StoreRoot.LOCKS_DIRECTORY);
        this.fsync = new Fsync(options.durability);
        this.atomicFile = new AtomicFile(fsync);
        this.reader = new SidecarReader(options.readCache);
        this.locks = new ImageLocks(lockDirectory, options.lockTimeout, LockRegistry.INSTANCE);
        this.trash = new Trash(bookkeeping.resolve(StoreRoot.TRASH_DIRECTORY), fsync);
        this.swap = new ImageSwap(fsync);
        this.staging = new Staging(bookkeeping.resolve(StoreRoot.STAGING_DIRECTORY),
                lockDirectory.resolve(Staging.GUARD_FILE), options.lockTimeout, LockRegistry.INSTANCE, locks,
                directories, swap, atomicFile);
        this.leftovers = new ImageLeftovers(directories, locks, trash);
        this.finder = new ImageFinder(directories, reader);
        this.blobs = new BlobStore(bookkeeping.resolve(BlobStore.DIRECTORY), lockDirectory.resolve(BlobStore.GUARD_FILE),
                options.lockTimeout, LockRegistry.INSTANCE, fsync);
    }

    /** Opens (creating if missing) the store at {@code root} with default options. */
    public static FsLocalImageStore open(Path root) {
        return builder(root).open();
    }

    /** Starts configuring a store at {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The store's root directory (its real path: symbolic links resolved). */
    public Path root() {
        return directories.root();
    }

    /**
     * The content-addressed blob area shared by every image of this store ({@code .imagestore/blobs/}):
     * where loaded images keep their original layers, config and manifest.
     */
    public BlobStore blobs() {
        return blobs;
    }

    /** Whether the store syncs what it writes ({@link Durability#FSYNC}, the default) or not. */
    public Durability durability() {
        return options.durability;
    }

    /** The store's directory layout. */
    public Layout layout() {
        return options.layout;
    }

    /**
     * Where the image {@code reference} lives, or would live if written now, whether or not it exists.
     * In the zlayer layout that is the directory of the first spelling holding its sidecar, else the
     * directory of the reference as spelled.
     *
     * @throws io.imagestore.api.InvalidReferenceException when the layout cannot store this reference
     */
    public Path imageDirectory(ImageReference reference) {
        Objects.requireNonNull(reference, "reference");
        if (options.layout == Layout.IMAGESTORE) {
            return directories.resolve(DirectoryNames.of(reference));
        }
        for (String name : directories.candidates(reference)) {
            if (finder.readQuietly(name).filter(sidecar -> sidecar.reference().equals(reference)).isPresent()) {
                return directories.resolve(name);
            }
        }
        return directories.resolve(directories.newName(reference));
    }

    /**
     * Sum of regular-file sizes under the image's {@code rootfs/}, symbolic links not followed, hard
     * links counted once; 0 when the image has no rootfs.
     *
     * @throws ImageNotFoundException when the image has neither a sidecar nor a directory
     */
    public long measureRootfs(ImageReference reference) {
        Path directory = finder.existingDirectory(reference)
                .orElseThrow(() -> new ImageNotFoundException(reference.toString()));
        Path rootfs = directory.resolve(Staging.ROOTFS_DIRECTORY);
        try {
            return TreeSize.of(rootfs);
        } catch (IOException e) {
            throw new ImageStoreException("cannot measure " + rootfs + ": " + e + " (check permissions)", e);
        }
    }

    /**
     * Takes {@code reference}'s lock, waiting up to the lock timeout, and holds it until the returned
     * lock is closed (see {@link ImageLock}).
     *
     * @throws LockTimeoutException when it is not acquired in time
     */
    public ImageLock lock(ImageReference reference) {
        ensureOpen();
        return new ImageLock(reference, locks.acquire(exclusivePlan(reference)));
    }

    /**
     * Checks the whole store: bookkeeping leftovers, temp files, incomplete images, corrupt sidecars
     * and sidecars in the wrong directory. With {@code repair}, removes what can never be a good image
     * (leftovers, incomplete images in the default layout, corrupt sidecars' directories), never a
     * directory with a valid sidecar and never one another process holds locked.
     */
    public FsckReport fsck(boolean repair) {
        ensureOpen();
        return new Fsck(this, directories, reader, locks, staging, trash, leftovers).run(repair);
    }

    @Override
    public LocalImageMetadata write(LocalImageMetadata metadata) {
        ensureOpen();
        ImageReference reference = metadata.imageReference();
        LocalImageMetadata stored = withCreatedDefault(metadata);
        byte[] content = MetadataCodec.encode(stored);
        try (ImageLocks.Held held = locks.acquire(exclusivePlan(reference))) {
            Path directory = directories.resolve(finder.homeForWrite(reference));
            boolean created = createImageDirectory(directory);
            try {
                atomicFile.replaceInCheckedDirectory(directory, SIDECAR, content);
            } catch (ImageStoreException e) {
                if (created) {
                    deleteEmptyDirectory(directory, e);
                }
                throw e;
            } finally {
                reader.forget(directory);
            }
            if (created) {
                syncRoot();
            }
        }
        return stored;
    }

    @Override
    public Optional<LocalImageMetadata> read(ImageReference reference) {
        ensureOpen();
        // No lambda here: the first one in a process costs a short-lived command about 9 ms.
        Optional<ImageFinder.Found> found = finder.find(reference);
        return found.isPresent() ? Optional.of(found.get().sidecar().metadata()) : Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads every sidecar without the read cache (a listing would only evict the entries single-image
     * reads live on), relative to the root held open for the pass ({@link ImageListing}); keeps for each
     * image only its canonical reference, its rank among the reference's candidate directories and its
     * metadata; sorts those by reference and keeps the best-ranked directory of each reference
     * ({@link ListedImages}).
     */
    @Override
    public List<LocalImageMetadata> list() {
        ensureOpen();
        ListedImages images = new ListedImages();
        ImageListing.forEach(root(), (name, location) -> {
            Optional<Sidecar> sidecar = finder.readUncachedOrSkip(location);
            if (sidecar.isEmpty()) {
                return;
            }
            ImageReference reference = sidecar.get().reference();
            int rank = directories.rankOf(name, reference);
            if (rank < 0) {
                LOG.warn("skipping {}: it holds the sidecar of {}, which belongs in {} ('imagestore fsck' reports it)",
                        directories.resolve(name), reference, directories.describeHome(reference));
                return;
            }
            images.add(reference.canonical(), rank, sidecar.get().metadata());
        });
        return images.sorted();
    }

    @Override
    public void remove(ImageReference reference, boolean force) {
        ensureOpen();
        if (!force && options.inUse.test(reference)) {
            throw new ImageInUseException(reference.toString());
        }
        Path entry;
        try (ImageLocks.Held held = locks.acquire(exclusivePlan(reference))) {
            Found found = finder.find(reference)
                    .orElseThrow(() -> new ImageNotFoundException(reference.toString()));
            entry = trash.remove(found.directory());
            reader.forget(found.directory());
        }
        trash.empty(entry);
    }

    @Override
    public LocalImageMetadata tag(ImageReference source, ImageReference target) {
        ensureOpen();
        if (source.equals(target)) {
            return read(source).orElseThrow(() -> new ImageNotFoundException(source.toString()));
        }
        ImageLocks.Plan plan = ImageLocks.plan(source + " and " + target)
                .add(directories.lockKeys(source), Mode.SHARED)
                .add(directories.lockKeys(target), Mode.EXCLUSIVE);
        Staging.Entry entry = staging.create();
        try {
            LocalImageMetadata stored;
            try (ImageLocks.Held held = locks.acquire(plan)) {
                Found found = finder.find(source)
                        .orElseThrow(() -> new ImageNotFoundException(source.toString()));
                copyRootfs(found.directory(), entry);
                stored = found.sidecar().metadata().withReference(target.original());
                stage(entry, stored);
                place(entry, target);
            }
            staging.discard(entry);
            return stored;
        } catch (RuntimeException e) {
            staging.settle(entry);
            throw e;
        }
    }

    @Override
    public PruneResult prune(PruneOptions pruneOptions) {
        ensureOpen();
        return new Pruner(this, staging, trash, leftovers).run(pruneOptions,
                options.clock.instant().minus(pruneOptions.grace()));
    }

    @Override
    public ResolvedPlatform resolvePlatform(ImageReference reference) {
        ensureOpen();
        Optional<Found> found;
        try {
            found = finder.find(reference);
        } catch (CorruptMetadataException e) {
            LOG.warn("ignoring the corrupt sidecar of {} ({}); detecting its platform from its files", reference,
                    e.reason());
            found = Optional.empty();
        }
        if (found.isPresent()) {
            try {
                return ResolvedPlatform.of(found.get().sidecar().platform(), PlatformSource.SIDECAR);
            } catch (InvalidPlatformException e) {
                LOG.warn("the sidecar of {} names no valid platform ({}); detecting it from its files", reference,
                        e.getMessage());
            }
        }
        Path directory = finder.existingDirectory(reference)
                .orElseThrow(() -> new ImageNotFoundException(reference.toString()));
        return RootfsPlatformDetector.detect(directory);
    }

    @Override
    public ImageBuild beginBuild(ImageReference reference) {
        ensureOpen();
        Objects.requireNonNull(reference, "reference");
        if (options.layout == Layout.ZLAYER) {
            directories.newName(reference);
        }
        return new FsImageBuild(this, reference, staging.create());
    }

    /**
     * Releases this instance's idle lock channels; the files on disk stay. Builds still open keep their
     * locks until they are closed. Other operations fail after close.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LockRegistry.INSTANCE.closeIdle(lockDirectory);
        }
    }

    @Override
    public String toString() {
        return "FsLocalImageStore{root=" + root() + ", layout=" + options.layout + ", durability="
                + options.durability + "}";
    }

    // ---- operations shared with FsImageBuild, Pruner and the tests of this package ----

    /**
     * Commits a build: writes its sidecar, syncs it, and swaps it into place under the image's lock. The
     * image goes where its sidecar's reference, as spelled, is looked for (the zlayer layout names
     * directories by spelling; the build's own spelling may differ).
     */
    LocalImageMetadata commit(Staging.Entry entry, LocalImageMetadata metadata) {
        ensureOpen();
        LocalImageMetadata stored = withCreatedDefault(metadata);
        ImageReference reference = stored.imageReference();
        stage(entry, stored);
        try (ImageLocks.Held held = locks.acquire(exclusivePlan(reference))) {
            place(entry, reference);
        }
        return stored;
    }

    /**
     * Writes {@code content} as the file {@code name} (one of {@link ImageBuild#FILES_BESIDE_ROOTFS}) beside
     * the rootfs of the existing image {@code reference}, atomically, under the image's lock: how {@code save}
     * keeps the manifest and config it made for a locally built image.
     *
     * @throws IllegalArgumentException when {@code name} is not one of those files
     * @throws ImageNotFoundException when the image does not exist
     * @throws LockTimeoutException when the image's lock is not acquired in time
     */
    public void writeImageFile(ImageReference reference, String name, byte[] content) {
        ensureOpen();
        if (!ImageBuild.FILES_BESIDE_ROOTFS.contains(name)) {
            throw new IllegalArgumentException("only " + ImageBuild.FILES_BESIDE_ROOTFS
                    + " may be written beside a rootfs, not " + name);
        }
        try (ImageLocks.Held held = locks.acquire(exclusivePlan(reference))) {
            Found found = finder.find(reference).orElseThrow(() -> new ImageNotFoundException(reference.toString()));
            atomicFile.replace(found.directory(), name, content);
        }
    }

    /** Writes {@code name} (one of {@link ImageBuild#FILES_BESIDE_ROOTFS}) into a staged image. */
    void writeBeside(Staging.Entry entry, String name, byte[] content) {
        ensureOpen();
        atomicFile.replace(entry.image(), name, content);
    }

    /** The staging area, for builds. */
    Staging staging() {
        return staging;
    }

    /**
     * Removes a complete image unless it is in use, under its lock taken without waiting (an image
     * another process is writing is left alone).
     *
     * @param dryRun only measure what would be removed
     * @return the bytes of its rootfs when it was (or would be) removed; empty when it was left alone
     */
    OptionalLong removeIfUnused(ImageReference reference, boolean dryRun) {
        if (options.inUse.test(reference)) {
            return OptionalLong.empty();
        }
        Optional<ImageLocks.Held> held = locks.tryAcquire(exclusivePlan(reference));
        if (held.isEmpty()) {
            LOG.info("not pruning {}: another process holds its lock", reference);
            return OptionalLong.empty();
        }
        Path entry;
        long bytes;
        try (ImageLocks.Held ignored = held.get()) {
            Optional<Found> found = finder.find(reference);
            if (found.isEmpty()) {
                return OptionalLong.empty();
            }
            bytes = TreeSize.of(found.get().directory());
            if (dryRun) {
                return OptionalLong.of(bytes);
            }
            entry = trash.remove(found.get().directory());
            reader.forget(found.get().directory());
        } catch (IOException e) {
            throw new ImageStoreException("cannot measure the image " + reference + ": " + e, e);
        }
        trash.empty(entry);
        return OptionalLong.of(bytes);
    }

    /** The names of the root's entries that may be images (everything but hidden entries). */
    List<String> imageNames() {
        return StoreRoot.imageNames(root());
    }

    private ImageLocks.Plan exclusivePlan(ImageReference reference) {
        return ImageLocks.plan(reference.toString()).add(directories.lockKeys(reference), Mode.EXCLUSIVE);
    }

    private LocalImageMetadata withCreatedDefault(LocalImageMetadata metadata) {
        return metadata.created().isPresent()
                ? metadata
                : metadata.withCreated(options.clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private void stage(Staging.Entry entry, LocalImageMetadata stored) {
        atomicFile.replace(entry.image(), SIDECAR, MetadataCodec.encode(stored));
        try {
            fsync.tree(entry.image());
        } catch (IOException e) {
            throw new ImageStoreException("cannot sync the staged image " + entry.image() + ": " + e
                    + "; nothing was changed", e);
        }
    }

    private void place(Staging.Entry entry, ImageReference reference) {
        String name = finder.homeForWrite(reference);
        staging.recordTarget(entry, name);
        Path target = directories.resolve(name);
        try {
            swap.place(entry.image(), target);
        } finally {
            reader.forget(target);
        }
    }

    /** Copies the image's rootfs and the OCI documents kept beside it (so a tagged copy saves alike). */
    private static void copyRootfs(Path imageDirectory, Staging.Entry entry) {
        Path rootfs = imageDirectory.resolve(Staging.ROOTFS_DIRECTORY);
        try {
            if (Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(entry.rootfs());
                TreeCopier.copy(rootfs, entry.rootfs());
            }
            for (String name : ImageBuild.FILES_BESIDE_ROOTFS) {
                Path file = imageDirectory.resolve(name);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(file, entry.image().resolve(name), LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            throw new ImageStoreException("cannot copy " + rootfs + " into " + entry.rootfs() + ": " + e
                    + " (check free space)", e);
        }
    }

    /**
     * Makes sure {@code directory} is a real directory, creating it when missing; the caller holds the
     * image's lock. An existing image costs one {@code lstat} (which is also the real-directory check of
     * {@link AtomicFile}), not a failing {@code mkdir}.
     *
     * @return whether it was created
     */
    private boolean createImageDirectory(Path directory) {
        if (AtomicFile.existsAsRealDirectory(directory)) {
            return false;
        }
        try {
            Files.createDirectory(directory);
            return true;
        } catch (FileAlreadyExistsException e) {
            AtomicFile.requireRealDirectory(directory);
            return false;
        } catch (IOException e) {
            throw new ImageStoreException("cannot create image directory " + directory + ": " + e
                    + " (check free space and permissions)", e);
        }
    }

    private static void deleteEmptyDirectory(Path directory, ImageStoreException failure) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void syncRoot() {
        try {
            fsync.directory(root());
        } catch (IOException e) {
            throw new ImageStoreException("wrote into a new image directory under " + root()
                    + " but could not sync the root: " + e + "; the image may not survive a power loss", e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the image store at " + root() + " is closed; open it again");
        }
    }

    private void recoverOnOpen() {
        Instant everything = Instant.MAX;
        for (Leftover leftover : staging.recover(true, everything)) {
            LOG.info("recovered {}: {}", leftover.path(), leftover.detail());
        }
        trash.leftovers(true, everything);
        blobs.recover(true);
        if (options.sweepTempFilesOnOpen) {
            for (String name : imageNames()) {
                leftovers.tempFiles(name, true, everything);
            }
        }
    }

    /**
     * The default of {@link Builder#inUse}: a class, not a lambda, because opening a store is on every
     * command's start-up path and a command's first lambda costs it about 9 ms of method-handle set-up.
     */
    private static final class NothingInUse implements Predicate<ImageReference> {
        static final NothingInUse INSTANCE = new NothingInUse();

        @Override
        public boolean test(ImageReference reference) {
            return false;
        }
    }

    /** Configures and opens a {@link FsLocalImageStore}. */
    public static final class Builder {
        private final Path root;
        private Layout layout = Layout.IMAGESTORE;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Durability durability = Durability.FSYNC;
        private Predicate<ImageReference> inUse = NothingInUse.INSTANCE;
        private boolean readCache = true;
        private boolean sweepTempFilesOnOpen = true;

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
            if (Objects.requireNonNull(value, "lockTimeout").isNegative()) {
                throw new IllegalArgumentException("lockTimeout must not be negative: " + value);
            }
            this.lockTimeout = value;
            return this;
        }

        /** The clock for {@code created} defaults and prune grace periods (default UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Whether writes are fsynced (default {@link Durability#FSYNC}); {@link Durability#NONE} is
         * unsafe on power loss and meant for throwaway stores.
         */
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

        /**
         * Whether opening also removes temp files that killed writers left in image directories (default
         * on). It costs one directory listing per image; short-lived readers of large stores may turn it
         * off and leave that to {@code prune} and {@code fsck --repair}. Staging and trash are always
         * recovered on open.
         */
        public Builder sweepTempFilesOnOpen(boolean value) {
            this.sweepTempFilesOnOpen = value;
            return this;
        }

        /**
         * Opens the store, creating the root and its bookkeeping directories if missing, and recovers
         * what dead processes left.
         *
         * @throws ImageStoreException when the root cannot be created or is not usable
         */
        public FsLocalImageStore open() {
            Path real = StoreRoot.prepare(root);
            FsLocalImageStore store = new FsLocalImageStore(
                    new Options(layout, lockTimeout, clock, durability, inUse, readCache, sweepTempFilesOnOpen), real);
            store.recoverOnOpen();
            return store;
        }
    }

    /** The options a store was opened with. */
    private static final class Options {
        final Layout layout;
        final Duration lockTimeout;
        final Clock clock;
        final Durability durability;
        final Predicate<ImageReference> inUse;
        final boolean readCache;
        final boolean sweepTempFilesOnOpen;

        Options(Layout layout, Duration lockTimeout, Clock clock, Durability durability,
                Predicate<ImageReference> inUse, boolean readCache, boolean sweepTempFilesOnOpen) {
            this.layout = layout;
            this.lockTimeout = lockTimeout;
            this.clock = clock;
            this.durability = durability;
            this.inUse = inUse;
            this.readCache = readCache;
            this.sweepTempFilesOnOpen = sweepTempFilesOnOpen;
        }
    }
}
