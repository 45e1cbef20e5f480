package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Begin</b>: create the entry directory exclusively, claim its {@code lock}, check the lock file
 * still exists (recovery may have claimed and deleted a lock-less entry in between; then start over
 * with a new name), create {@code image/rootfs/}. <b>Commit</b>: write the sidecar into {@code image/}
 * ({@link AtomicFile}), sync the tree; under the image's lock write {@code target} and swap the image
 * into place ({@link ImageSwap}). <b>End</b> (commit or close): delete the entry while still holding the
 * claim, then release it.
 *
 * <p><b>Recovery</b> of an entry whose lock can be claimed (so no live process builds it): when
 * {@code target} and {@code image/metadata.json} both exist and the directory {@code target} names does
 * not, a commit was interrupted after moving the old image aside, and recovery completes it
 * under the image's lock; otherwise the entry is deleted. An entry whose builder is alive is never
 * touched, whatever its age; nor is one without a lock file that is younger than a minute, whose builder
 * may be just about to claim it.
 */
final class Staging {
    static final String LOCK_FILE = "lock";
    static final String IMAGE_DIRECTORY = "image";
    static final String TARGET_FILE = "target";
    static final String ROOTFS_DIRECTORY = "rootfs";

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    private static final int ATTEMPTS = 3;
    /** How long an entry without a lock file is left to the builder that is about to claim it. */
    private static final Duration UNCLAIMED_GRACE = Duration.ofMinutes(1);

    private final Path directory;
    private final LockRegistry registry;
    private final ImageLocks locks;
    private final ImageDirectories directories;
    private final ImageSwap swap;
    private final AtomicFile atomicFile;
    private final SidecarReader reader = new SidecarReader(false);

    Staging(Path directory, LockRegistry registry, ImageLocks locks, ImageDirectories directories, ImageSwap swap,
            AtomicFile atomicFile) {
        this.directory = directory;
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
        Files.createDirectory(path);
        Path lockFile = path.resolve(LOCK_FILE);
        Optional<Lease> claim;
        try {
            claim = registry.tryClaim(lockFile);
        } catch (ImageStoreException e) {
            throw new IOException("cannot claim " + lockFile, e);
        }
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        if (Files.notExists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            claim.get().close();
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
        for (Path path : entries()) {
            try {
                recoverOne(path, apply, cutoff).ifPresent(found::add);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not recover build directory {} ({})", path, e.toString());
            }
        }
        return found;
    }

    private Optional<Leftover> recoverOne(Path path, boolean apply, Instant cutoff) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return strayFile(path, apply, cutoff);
        }
        Instant modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (modified.isAfter(cutoff) || isBeingClaimed(path, modified)) {
            return Optional.empty();
        }
        Optional<Lease> claim = registry.tryClaim(path.resolve(LOCK_FILE));
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        Entry entry = new Entry(path, claim.get());
        long bytes = TreeSize.of(path);
        String detail = interruptedTarget(path)
                .map(name -> "interrupted commit of " + name + "; recovery moves it into place")
                .orElse("build abandoned by a process that is gone");
        if (apply) {
            settle(entry);
        } else {
            entry.claim.close();
        }
        return Optional.of(new Leftover(FsckReport.Kind.STALE_STAGING, path, detail, bytes));
    }

    /**
     * Whether {@code entry} may belong to a builder that created it and has not claimed it yet: it has no
     * lock file and is younger than {@link #UNCLAIMED_GRACE}. Claiming it here would create the lock file in
     * a live builder's entry and delete the entry under it.
     */
    private static boolean isBeingClaimed(Path entry, Instant modified) {
        return Files.notExists(entry.resolve(LOCK_FILE), LinkOption.NOFOLLOW_LINKS)
                && modified.isAfter(Instant.now().minus(UNCLAIMED_GRACE));
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
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(paths::add);
        } catch (NoSuchFileException e) {
            return paths;
        } catch (IOException | DirectoryIteratorException e) {
            throw new ImageStoreException("cannot list " + directory + ": " + e + " (check permissions)", e);
        }
        return paths;
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
