package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.fs.LockRegistry.Lease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code .imagestore/staging/}: builds in progress, one entry per build.
 *
 * <pre>
 * staging/&lt;16 hex&gt;/
 *   lock       claimed (FileChannel.lock) by the building process for the build's whole life
 *   image/     becomes the image directory on commit: rootfs/ (filled by the builder), metadata.json
 *   target     written on commit, under the image's lock, just before the swap: the directory name
 *   previous-&lt;16 hex&gt;/  the image the commit replaced, moved aside by the swap ({@link ImageSwap})
 * </pre>
 *
 * <p><b>Guard</b>: {@code .imagestore/locks/staging.lock} (always empty, never deleted) is held shared
 * while a builder creates and claims an entry, and exclusively while recovery decides which entries are
 * dead, so recovery never sees an entry whose builder is alive but has not claimed it yet: under the
 * exclusive guard, an entry whose lock can be claimed is certainly abandoned, whatever its age.
 *
 * <p><b>Begin</b>: under the shared guard, create the entry directory exclusively and claim its
 * {@code lock}; then create {@code image/rootfs/}. <b>Commit</b>: write the sidecar into {@code image/}
 * ({@link AtomicFile}), sync the tree; under the image's lock write {@code target} and swap the image
 * into place ({@link ImageSwap}). <b>End</b> (commit or close): delete the entry while still holding the
 * claim, then release it.
 *
 * <p><b>Interrupted swaps.</b> A build killed during its commit, before its second rename, leaves
 * {@code target}, the staged {@code image/} and perhaps {@code previous-*}; its claim is then free (once
 * {@code image/} has moved, the swap is complete, and nothing is done but deleting the entry: the previous
 * image never comes back, whatever became of the name). Such a swap is finished, under
 * the image's lock and the entry's claim, by recovery and by every operation that takes the image's lock
 * and finds its directory missing (a read that finds nothing first looks here too), so that a committed
 * image's name is empty only while a live builder is between its two renames:
 * <ul>
 *   <li>target missing, or a directory without {@code metadata.json}: the staged image is moved into
 *       place when its sidecar is valid, else the previous image is put back (a sidecar-less directory
 *       there was never acknowledged);
 *   <li>target holding a sidecar but no {@code rootfs/} while {@code previous-*} exists (a sidecar written
 *       into the empty name after the kill): the staged rootfs (else the previous one) is moved under it,
 *       keeping that acknowledged sidecar, as if the commit had completed just before the write;
 *   <li>otherwise (a complete image is there) the entry is only deleted.
 * </ul>
 * A build whose builder is alive is never touched, whatever its age. Deleting an entry removes its
 * {@code target} first, so a half-deleted entry is never taken for an interrupted swap.
 */
final class Staging {
    static final String LOCK_FILE = "lock";
    /** The guard's file name in {@code .imagestore/locks/}. */
    static final String GUARD_FILE = "staging.lock";
    static final String IMAGE_DIRECTORY = "image";
    static final String TARGET_FILE = "target";
    static final String ROOTFS_DIRECTORY = "rootfs";

    private static final LazyLogger LOG = new LazyLogger(Staging.class);
    private static final int ATTEMPTS = 3;
    /** Longer lock timeouts mean "wait forever" and are cut to this, which still fits in nanoseconds. */
    private static final Duration LONGEST_GUARD_WAIT = Duration.ofDays(365L * 100);

    private final Path directory;
    private final Path guardFile;
    private final Duration guardTimeout;
    private final LockRegistry registry;
    private final ImageLocks locks;
    private final ImageDirectories directories;
    private final ImageSwap swap;
    private final AtomicFile atomicFile;
    private final SidecarReader reader = new SidecarReader(false);

    Staging(Path directory, Path guardFile, Duration guardTimeout, LockRegistry registry, ImageLocks locks,
            ImageDirectories directories, ImageSwap swap, AtomicFile atomicFile) {
        this.directory = directory;
        this.guardFile = guardFile;
        this.guardTimeout = guardTimeout;
        this.registry = registry;
        this.locks = locks;
        this.directories = directories;
        this.swap = swap;
        this.atomicFile = atomicFile;
    }

    /** One build's staging entry, claimed by this process. */
    static final class Entry {
        private final Path path;
        private final Lease claim;

        private Entry(Path path, Lease claim) {
            this.path = path;
            this.claim = claim;
        }

        /** The entry directory. */
        Path path() {
            return path;
        }

        /** The directory that becomes the image. */
        Path image() {
            return path.resolve(IMAGE_DIRECTORY);
        }

        /** The rootfs the builder fills. */
        Path rootfs() {
            return image().resolve(ROOTFS_DIRECTORY);
        }
    }

    /**
     * Creates and claims a new entry with an empty {@code image/rootfs/}.
     *
     * @throws ImageStoreException when no entry can be created
     */
    Entry create() {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path path = directory.resolve(RandomIds.next());
            try {
                Optional<Entry> entry = tryCreate(path);
                if (entry.isPresent()) {
                    return entry.get();
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new ImageStoreException("cannot create a build directory in " + directory + " (" + last
                + "); check free space and permissions", last);
    }

    private Optional<Entry> tryCreate(Path path) throws IOException {
        Path lockFile = path.resolve(LOCK_FILE);
        Optional<Lease> claim;
        try (Lease guard = guard(LockRegistry.Mode.SHARED)) {
            Files.createDirectory(path);
            claim = registry.tryClaim(lockFile);
        } catch (ImageStoreException e) {
            throw new IOException("cannot claim " + lockFile, e);
        }
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(path.resolve(IMAGE_DIRECTORY).resolve(ROOTFS_DIRECTORY));
        } catch (IOException e) {
            discard(new Entry(path, claim.get()));
            throw e;
        }
        return Optional.of(new Entry(path, claim.get()));
    }

    private Lease guard(LockRegistry.Mode mode) {
        Duration wait = guardTimeout.compareTo(LONGEST_GUARD_WAIT) > 0 ? LONGEST_GUARD_WAIT : guardTimeout;
        Optional<Lease> lease = registry.acquire(guardFile, mode, System.nanoTime() + wait.toNanos());
        if (lease.isEmpty()) {
            throw new LockTimeoutException("the staging directory " + directory, guardTimeout);
        }
        return lease.get();
    }

    /** Records (durably) the directory name the entry's image is about to be moved to. */
    void recordTarget(Entry entry, String name) {
        atomicFile.replace(entry.path(), TARGET_FILE, name.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the entry, then releases its claim; failures are logged (recovery retries them). */
    void discard(Entry entry) {
        try {
            Files.deleteIfExists(entry.path().resolve(TARGET_FILE));
            TreeDeleter.delete(entry.path());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete build directory {} ({}); recovery will retry", entry.path(), e.toString());
        } finally {
            entry.claim.close();
        }
    }

    /**
     * Ends an entry whose commit failed or was never made: completes an interrupted swap, else deletes it.
     */
    void settle(Entry entry) {
        try {
            completeInterruptedCommit(entry.path());
        } catch (RuntimeException e) {
            LOG.warn("could not complete the interrupted commit in {}; recovery will retry", entry.path(), e);
            entry.claim.close();
            return;
        }
        discard(entry);
    }

    /**
     * Finds (and with {@code apply}, recovers) the entries of dead builds modified before {@code cutoff}.
     */
    List<Leftover> recover(boolean apply, Instant cutoff) {
        List<Leftover> found = new ArrayList<>();
        for (Entry entry : claimAbandoned(apply, cutoff, found)) {
            try {
                found.add(recoverOne(entry, apply));
            } catch (IOException | RuntimeException e) {
                entry.claim.close();
                LOG.warn("could not recover build directory {} ({})", entry.path(), e.toString());
            }
        }
        return found;
    }

    /** Under the exclusive guard, claims every entry no live builder holds; stray files go to {@code found}. */
    private List<Entry> claimAbandoned(boolean apply, Instant cutoff, List<Leftover> found) {
        List<Entry> abandoned = new ArrayList<>();
        try (Lease guard = guard(LockRegistry.Mode.EXCLUSIVE)) {
            for (Path path : entries()) {
                try {
                    addIfPresent(abandoned, claimIfAbandoned(path, apply, cutoff, found));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not recover build directory {} ({})", path, e.toString());
                }
            }
        } catch (LockTimeoutException e) {
            // Builders hold the guard for microseconds; one stuck there delays recovery, never fails the caller.
            LOG.warn("skipped recovering {}: {}", directory, e.getMessage());
        }
        return abandoned;
    }

    private Optional<Entry> claimIfAbandoned(Path path, boolean apply, Instant cutoff, List<Leftover> found)
            throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            addIfPresent(found, strayFile(path, apply, cutoff));
            return Optional.empty();
        }
        if (Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
            return Optional.empty();
        }
        Optional<Lease> claim = registry.tryClaim(path.resolve(LOCK_FILE));
        return claim.isPresent() ? Optional.of(new Entry(path, claim.get())) : Optional.empty();
    }

    /**
     * Adds {@code value}'s content to {@code list}. Recovery runs when every store opens, so its common path
     * runs no lambda: a command's first lambda costs it about 9 ms of method-handle set-up.
     */
    private static <T> void addIfPresent(List<T> list, Optional<? extends T> value) {
        if (value.isPresent()) {
            list.add(value.get());
        }
    }

    private Leftover recoverOne(Entry entry, boolean apply) throws IOException {
        Path path = entry.path();
        long bytes = TreeSize.of(path);
        Optional<String> target = recordedTarget(path);
        String detail = target.isPresent()
                ? "commit into " + target.get() + " interrupted by a process that is gone; recovery finishes it"
                : "build abandoned by a process that is gone";
        if (apply) {
            settle(entry);
        } else {
            entry.claim.close();
        }
        return new Leftover(FsckReport.Kind.STALE_STAGING, path, detail, bytes);
    }

    private static Optional<Leftover> strayFile(Path path, boolean apply, Instant cutoff) throws IOException {
        if (Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
            return Optional.empty();
        }
        long bytes = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : 0;
        if (apply) {
            Files.deleteIfExists(path);
        }
        return Optional.of(new Leftover(FsckReport.Kind.STALE_STAGING, path, "stray file in the staging directory",
                bytes));
    }

    private List<Path> entries() {
        return StoreRoot.entries(directory);
    }

    /**
     * The directory name entry {@code path} records as its commit's target, when it records a valid one that
     * stays inside the root.
     */
    private Optional<String> recordedTarget(Path path) throws IOException {
        Path targetFile = path.resolve(TARGET_FILE);
        if (!Files.isRegularFile(targetFile, LinkOption.NOFOLLOW_LINKS)
                || Files.size(targetFile) > DirectoryNames.MAX_BYTES) {
            return Optional.empty();
        }
        String name;
        try {
            name = new String(Files.readAllBytes(targetFile), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return DirectoryNames.isContained(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Whether an entry records a commit into one of {@code names} and still holds its staged image, whether its
     * builder is alive or not: one listing of the staging directory and, per entry, the open of its
     * {@code target} (absent until a commit begins).
     */
    boolean holdsSwapInto(Collection<String> names) {
        for (String target : swapTargets()) {
            if (names.contains(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The directory names into which an entry (of a live build or a dead one) records a commit while still
     * holding its staged image, and where no sidecar stands now: where a listing could miss a committed image.
     */
    List<String> emptySwapTargets() {
        List<String> empty = new ArrayList<>();
        for (String target : swapTargets()) {
            if (Files.notExists(directories.resolve(target).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE),
                    LinkOption.NOFOLLOW_LINKS)) {
                empty.add(target);
            }
        }
        return empty;
    }

    /** The targets recorded by entries that still hold their staged image. */
    private List<String> swapTargets() {
        List<String> targets = new ArrayList<>();
        for (Path path : entries()) {
            try {
                Optional<String> target = recordedTarget(path);
                if (target.isPresent() && holdsImage(path)) {
                    targets.add(target.get());
                }
            } catch (IOException e) {
                LOG.debug("cannot examine build directory {} ({})", path, e.toString());
            }
        }
        return targets;
    }

    /**
     * Finishes every interrupted swap of a dead build into one of {@code names} (see the class comment); the
     * caller holds the image's lock, which covers the {@code dir:} keys of every one of them.
     */
    void finishSwapsInto(Collection<String> names) {
        for (Path path : entries()) {
            Optional<String> target;
            try {
                target = recordedTarget(path);
            } catch (IOException e) {
                LOG.warn("cannot examine build directory {} ({})", path, e.toString());
                continue;
            }
            if (target.isEmpty() || !names.contains(target.get())) {
                continue;
            }
            Optional<Lease> claim = claimQuietly(path);
            if (claim.isPresent()) {
                Entry entry = new Entry(path, claim.get());
                try {
                    finish(path, target.get());
                } catch (RuntimeException e) {
                    entry.claim.close();
                    throw e;
                }
                discard(entry);
            }
        }
    }

    /** The claim of entry {@code path} when no live builder holds it (and it still exists). */
    private Optional<Lease> claimQuietly(Path path) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return registry.tryClaim(path.resolve(LOCK_FILE));
        } catch (ImageStoreException e) {
            LOG.debug("cannot claim build directory {} ({})", path, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether entry {@code path} still holds its staged image: its commit's second rename has not happened. Once
     * it has, the swap is complete, whatever became of the name since (a removal, say), and the previous image
     * must never come back.
     */
    private static boolean holdsImage(Path path) {
        return Files.isDirectory(path.resolve(IMAGE_DIRECTORY), LinkOption.NOFOLLOW_LINKS);
    }

    /** The image a commit in entry {@code path} moved aside, if any. */
    private static Optional<Path> previousImage(Path path) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path,
                entry -> entry.getFileName().toString().startsWith(ImageSwap.PREVIOUS_PREFIX))) {
            for (Path previous : stream) {
                if (Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(previous);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.debug("cannot list build directory {} ({})", path, e.toString());
        }
        return Optional.empty();
    }

    /** Ends the interrupted commit, if any, of claimed entry {@code path}, under the image's lock taken without waiting. */
    private void completeInterruptedCommit(Path path) {
        Optional<String> name;
        try {
            name = recordedTarget(path);
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine build directory " + path + ": " + e, e);
        }
        if (name.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(List.of(ImageDirectories.directoryKey(name.get())));
        stagedSidecar(path.resolve(IMAGE_DIRECTORY))
                .ifPresent(sidecar -> keys.add(ImageDirectories.referenceKey(sidecar.reference())));
        Optional<ImageLocks.Held> held = locks.tryAcquire(ImageLocks.plan(name.get()).add(keys,
                LockRegistry.Mode.EXCLUSIVE));
        if (held.isEmpty()) {
            throw new ImageStoreException("the image lock of " + name.get() + " is held; retry later");
        }
        try (ImageLocks.Held ignored = held.get()) {
            finish(path, name.get());
        }
    }

    /** What stands at an interrupted commit's target. */
    private enum TargetState {
        /** Nothing. */
        MISSING,
        /** A directory without {@code metadata.json}: never acknowledged. */
        NO_SIDECAR,
        /** A directory with a valid sidecar but no {@code rootfs/}. */
        SIDECAR_ONLY,
        /** Anything else: a complete image, a corrupt sidecar, a file or link (fsck reports those). */
        OTHER
    }

    private TargetState examine(Path target) {
        if (Files.notExists(target, LinkOption.NOFOLLOW_LINKS)) {
            return TargetState.MISSING;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return TargetState.OTHER;
        }
        if (Files.notExists(target.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE), LinkOption.NOFOLLOW_LINKS)) {
            return TargetState.NO_SIDECAR;
        }
        boolean rootless = Files.notExists(target.resolve(ROOTFS_DIRECTORY), LinkOption.NOFOLLOW_LINKS);
        return rootless && stagedSidecar(target).isPresent() ? TargetState.SIDECAR_ONLY : TargetState.OTHER;
    }

    /**
     * Finishes the interrupted commit of claimed entry {@code path} into directory {@code name}, whose lock the
     * caller holds (see the class comment for the rules).
     */
    private void finish(Path path, String name) {
        if (!holdsImage(path)) {
            return; // the swap completed: the previous image was replaced, and stays so
        }
        Path target = directories.resolve(name);
        Path staged = path.resolve(IMAGE_DIRECTORY);
        boolean stagedWhole = stagedSidecar(staged).isPresent();
        Optional<Path> previous = previousImage(path);
        TargetState state = examine(target);
        if (state == TargetState.MISSING || state == TargetState.NO_SIDECAR) {
            Optional<Path> source = stagedWhole ? Optional.of(staged) : previous;
            if (source.isPresent()) {
                swap.place(source.get(), target);
                LOG.info("finished the interrupted commit into {}: moved {} there", target, source.get());
            }
        } else if (state == TargetState.SIDECAR_ONLY && previous.isPresent()) {
            Path rootfs = stagedWhole ? staged.resolve(ROOTFS_DIRECTORY) : previous.get().resolve(ROOTFS_DIRECTORY);
            swap.placeRootfs(rootfs, target);
            LOG.info("finished the interrupted commit into {}: its sidecar, written after, keeps the rootfs {}",
                    target, rootfs);
        }
    }

    /** The valid sidecar of the image directory {@code image}, if any; a corrupt one is logged and ignored. */
    private Optional<SidecarReader.Sidecar> stagedSidecar(Path image) {
        try {
            return reader.read(image);
        } catch (CorruptMetadataException e) {
            LOG.warn("ignoring the corrupt sidecar in {} ({})", image, e.reason());
            return Optional.empty();
        } catch (ImageStoreException e) {
            LOG.warn("cannot read the sidecar in {} ({})", image, e.getMessage());
            return Optional.empty();
        }
    }
}
