package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.fs.LockRegistry.Lease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p><b>Recovery</b> of an entry whose lock can be claimed (so no live process builds it): when
 * {@code target} and {@code image/metadata.json} both exist and the directory {@code target} names does
 * not, a commit was interrupted after moving the old image aside, and recovery completes it
 * under the image's lock; otherwise the entry is deleted. An entry whose builder is alive is never
 * touched, whatever its age.
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
        String detail = interruptedTarget(path)
                .map(name -> "interrupted commit of " + name + "; recovery moves it into place")
                .orElse("build abandoned by a process that is gone");
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


    /** The target of an interrupted commit in entry {@code path}: recorded, staged sidecar present, target absent. */
    private Optional<String> interruptedTarget(Path path) throws IOException {
        Path targetFile = path.resolve(TARGET_FILE);
        Path stagedSidecar = path.resolve(IMAGE_DIRECTORY).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        if (!Files.isRegularFile(targetFile, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(stagedSidecar, LinkOption.NOFOLLOW_LINKS)
                || Files.size(targetFile) > DirectoryNames.MAX_BYTES) {
            return Optional.empty();
        }
        String name = new String(Files.readAllBytes(targetFile), StandardCharsets.UTF_8);
        if (!DirectoryNames.isContained(name)
                || Files.exists(directories.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private void completeInterruptedCommit(Path path) {
        Optional<String> name;
        try {
            name = interruptedTarget(path);
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine build directory " + path + ": " + e, e);
        }
        if (name.isEmpty()) {
            return;
        }
        Path image = path.resolve(IMAGE_DIRECTORY);
        Optional<SidecarReader.Sidecar> sidecar;
        try {
            sidecar = reader.read(image);
        } catch (CorruptMetadataException e) {
            LOG.warn("discarding build directory {}: its sidecar is corrupt ({})", path, e.reason());
            return;
        }
        if (sidecar.isEmpty()) {
            return;
        }
        ImageLocks.Plan plan = ImageLocks.plan(sidecar.get().reference().toString())
                .add(List.of(ImageDirectories.directoryKey(name.get()),
                        ImageDirectories.referenceKey(sidecar.get().reference())), LockRegistry.Mode.EXCLUSIVE);
        Optional<ImageLocks.Held> held = locks.tryAcquire(plan);
        if (held.isEmpty()) {
            throw new ImageStoreException("the image lock of " + sidecar.get().reference() + " is held; retry later");
        }
        try (ImageLocks.Held ignored = held.get()) {
            Path target = directories.resolve(name.get());
            if (Files.notExists(target, LinkOption.NOFOLLOW_LINKS)) {
                swap.place(image, target);
                LOG.info("completed the interrupted commit of {} into {}", sidecar.get().reference(), target);
            }
        }
    }
}
