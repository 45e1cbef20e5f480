package io.imagestore.fs;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.InvalidDigestException;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.fs.LockRegistry.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code .imagestore/blobs/}: the content-addressed blobs (layers, configs, manifests) shared by every
 * image of the store, reached by {@link FsLocalImageStore#blobs()}.
 *
 * <pre>
 * blobs/
 *   sha256/&lt;hex&gt;      one blob, named by its digest; never changed once there
 *   sha512/&lt;hex&gt;
 *   tmp/&lt;id&gt;.lock     claimed (FileChannel.lock) by the process writing blob &lt;id&gt; for the write's life
 *   tmp/&lt;id&gt;.data     the bytes written so far
 *   origins/sha256/&lt;hex&gt;  the repositories blob &lt;hex&gt; was pulled from or pushed to ({@link BlobOrigins})
 * </pre>
 *
 * <p><b>Write</b> ({@link #create}): claim {@code tmp/<id>.lock}, create {@code tmp/<id>.data}
 * exclusively; every byte written is counted and digested. {@link Writer#commit()} checks size and
 * digest, forces the file, renames it to {@code <alg>/<hex>} (atomic; an equal blob already there is
 * simply replaced by the same bytes), forces that directory; then, like {@link Writer#close()} without a
 * commit, deletes {@code .data} (if still there) and {@code .lock}, and releases the claim. A blob file
 * is therefore either absent or whole and verified: readers ({@link #open}) check nothing.
 *
 * <p><b>Recovery</b> (on open, {@code prune}, {@code fsck}): a {@code tmp/<id>.lock} that can be claimed
 * belongs to a writer that is gone, so its {@code .data} and the lock file are deleted; a {@code .data}
 * without a lock file is a leftover of such a deletion and is deleted too. A live writer is never touched.
 *
 * <p><b>Removal</b>: {@code prune} removes the blobs no image's {@code manifest.json} names ({@link
 * BlobReferences}), when older than its grace period; {@code fsck} re-digests every blob and reports (with
 * {@code --repair} removes) one whose content does not match its name.
 *
 * <p><b>Use guard</b>: {@code .imagestore/locks/blobs.lock} is held shared ({@link #retain()}) from the
 * moment a build relies on blobs being present until its image (whose {@code manifest.json} names them)
 * is committed, and exclusively while {@code prune} removes the blobs no image names, so a blob that a
 * load found present is never removed under it.
 */
public final class BlobStore {
    /** The blob area's directory name in {@code .imagestore/}. */
    static final String DIRECTORY = "blobs";
    static final String TEMP_DIRECTORY = "tmp";
    static final String GUARD_FILE = "blobs.lock";
    static final String ORIGINS_DIRECTORY = "origins";
    static final String ORIGINS_LOCK_FILE = "blob-origins.lock";
    private static final String LOCK_SUFFIX = ".lock";
    private static final String DATA_SUFFIX = ".data";
    private static final LazyLogger LOG = new LazyLogger(BlobStore.class);

    private final Path directory;
    private final Path temp;
    private final Path guardFile;
    private final Duration lockTimeout;
    private final LockRegistry registry;
    private final Fsync fsync;
    private final AtomicFile atomicFile;
    private final Path origins;

    BlobStore(Path directory, Path guardFile, Duration lockTimeout, LockRegistry registry, Fsync fsync) {
        this.directory = directory;
        this.temp = directory.resolve(TEMP_DIRECTORY);
        this.guardFile = guardFile;
        this.lockTimeout = lockTimeout;
        this.registry = registry;
        this.fsync = fsync;
        this.atomicFile = new AtomicFile(fsync);
        this.origins = directory.resolve(ORIGINS_DIRECTORY);
    }

    /** The blob area's directory ({@code {root}/.imagestore/blobs}); it may not exist yet. */
    public Path directory() {
        return directory;
    }

    /** Whether the blob {@code digest} is stored. */
    public boolean contains(Digest digest) {
        return find(digest).isPresent();
    }

    /** The stored blob's file, if it is there. */
    public Optional<Path> find(Digest digest) {
        Path path = pathOf(digest);
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Opens the stored blob {@code digest}. Nothing is verified: a blob file was verified when written.
     *
     * @throws NoSuchFileException when the blob is not stored
     */
    public InputStream open(Digest digest) throws IOException {
        return Files.newInputStream(pathOf(digest), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The registry repositories blob {@code digest} is known to be in ({@code REGISTRY/REPOSITORY}, newest
     * first, at most 10; see {@link BlobOrigins}): a hint for cross-repository mounts. A missing, damaged or
     * oversized record is no origins (a damaged one is logged).
     */
    public List<String> origins(Digest digest) {
        return readOrigins(originsFile(digest));
    }

    /**
     * Records that blob {@code digest} is in {@code origin} ({@code REGISTRY/REPOSITORY}, as
     * {@code ImageReference.registry() + "/" + repository()} spell them), as its newest origin; keeps the
     * newest 10. Nothing is recorded for a blob that is not stored. Atomic and durable as the store's
     * {@link Durability} says; concurrent additions (of any process) never tear or lose the record.
     *
     * @throws IllegalArgumentException when {@code origin} is not such a name
     * @throws LockTimeoutException when the blob area stays locked longer than the store's lock timeout
     * @throws ImageStoreException when the record cannot be written
     */
    public void addOrigin(Digest digest, String origin) {
        Objects.requireNonNull(digest, "digest");
        if (!BlobOrigins.isValid(origin)) {
            throw new IllegalArgumentException("not a blob origin (REGISTRY/REPOSITORY): " + origin);
        }
        if (!contains(digest)) {
            return;
        }
        try (Lease guard = guard(LockRegistry.Mode.SHARED); Lease lock = acquire(guardFile.resolveSibling(ORIGINS_LOCK_FILE),
                LockRegistry.Mode.EXCLUSIVE, "the blob origins in " + directory)) {
            if (!contains(digest)) {
                return;
            }
            Path file = originsFile(digest);
            List<String> known = readOrigins(file);
            List<String> updated = BlobOrigins.add(known, origin);
            if (updated.equals(known)) {
                return;
            }
            createDirectory(origins);
            createDirectory(file.getParent());
            atomicFile.replaceInCheckedDirectory(file.getParent(), file.getFileName().toString(),
                    BlobOrigins.encode(updated));
        } catch (IOException e) {
            throw new ImageStoreException("cannot record where blob " + digest + " came from in " + origins + ": " + e
                    + " (check free space and permissions)", e);
        }
    }

    private Path originsFile(Digest digest) {
        return origins.resolve(digest.algorithm()).resolve(digest.hex());
    }

    private static List<String> readOrigins(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(BlobOrigins.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("ignoring the blob origins {}: {} (the next push or pull rewrites them)", file, e.toString());
            return List.of();
        }
        Optional<List<String>> decoded = BlobOrigins.decode(bytes);
        if (decoded.isEmpty()) {
            LOG.warn("ignoring the damaged or oversized blob origins {} (the next push or pull rewrites them)", file);
        }
        return decoded.orElse(List.of());
    }

    /** Deletes the origins of {@code digest}, if any; the caller holds the guard exclusively. */
    private void deleteOrigins(Digest digest) throws IOException {
        Files.deleteIfExists(originsFile(digest));
    }

    /**
     * Deletes the origins whose blob is gone and the temp files of killed origin writers; the caller holds
     * the guard exclusively (so no writer is alive). Only a hint is lost, so nothing is reported.
     */
    void removeStrayOrigins() {
        for (String algorithm : List.of(Digest.SHA256, Digest.SHA512)) {
            for (Path path : StoreRoot.entries(origins.resolve(algorithm))) {
                String name = path.getFileName().toString();
                try {
                    if (AtomicFile.isTempFile(name) || !Files.exists(directory.resolve(algorithm).resolve(name),
                            LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(path);
                        LOG.debug("removed {}: its blob is gone, or a killed writer left it", path);
                    }
                } catch (IOException e) {
                    LOG.warn("could not remove the stray blob origins {} ({})", path, e.toString());
                }
            }
        }
    }

    /** Where blob {@code digest} is (or would be) stored. */
    Path pathOf(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        return directory.resolve(digest.algorithm()).resolve(digest.hex());
    }

    /**
     * Starts writing the blob {@code expected}, which must hold {@code expectedSize} bytes (or any number,
     * when {@code expectedSize} is negative). Write its bytes, then {@link Writer#commit()}; close the
     * writer in every case.
     *
     * @throws ImageStoreException when the temp file cannot be created
     */
    public Writer create(Digest expected, long expectedSize) {
        Objects.requireNonNull(expected, "expected");
        return create(Optional.of(expected), expectedSize);
    }

    /**
     * Starts writing a SHA-256 blob whose digest is learned as it is written (a layer or config being
     * made): {@link Writer#commit()} stores it under the digest of what was written. A writer that is
     * never committed is a scratch file in the blob area ({@link Writer#path()}), deleted on close.
     *
     * @throws ImageStoreException when the temp file cannot be created
     */
    public Writer create() {
        return create(Optional.empty(), -1);
    }

    private Writer create(Optional<Digest> expected, long expectedSize) {
        String algorithm = expected.map(Digest::algorithm).orElse(Digest.SHA256);
        try {
            createDirectory(directory);
            createDirectory(temp);
            createDirectory(directory.resolve(algorithm));
        } catch (IOException e) {
            throw new ImageStoreException("cannot create the blob area " + directory + ": " + e
                    + " (check free space and permissions)", e);
        }
        String id = RandomIds.next();
        Optional<Lease> claim = registry.tryClaim(temp.resolve(id + LOCK_SUFFIX));
        if (claim.isEmpty()) {
            throw new ImageStoreException("the temp blob id " + id + " in " + temp + " is taken; retry");
        }
        Path data = temp.resolve(id + DATA_SUFFIX);
        try {
            FileChannel channel = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Writer(this, expected, algorithm, expectedSize, data, channel, claim.get());
        } catch (IOException e) {
            deleteTemp(temp.resolve(id + LOCK_SUFFIX), data, claim.get());
            throw new ImageStoreException("cannot create " + data + " for a blob: " + e
                    + " (check free space and permissions)", e);
        }
    }

    /**
     * Holds the use guard shared until closed: blobs this build relies on are not pruned meanwhile.
     * Close it on the thread that took it, after the image naming the blobs is committed (or abandoned).
     *
     * @throws LockTimeoutException when a prune holds the guard longer than the store's lock timeout
     */
    public Retention retain() {
        return new Retention(guard(LockRegistry.Mode.SHARED));
    }

    /** Holds the use guard exclusively (for prune); the caller closes it. */
    Lease exclusive() {
        return guard(LockRegistry.Mode.EXCLUSIVE);
    }

    private Lease guard(LockRegistry.Mode mode) {
        return acquire(guardFile, mode, "the blob area " + directory);
    }

    private Lease acquire(Path file, LockRegistry.Mode mode, String what) {
        long wait = Math.min(lockTimeout.toNanos(), Duration.ofDays(365L * 100).toNanos());
        Optional<Lease> lease = registry.acquire(file, mode, System.nanoTime() + wait);
        if (lease.isEmpty()) {
            throw new LockTimeoutException(what, lockTimeout);
        }
        return lease.get();
    }

    /** Holds the use guard exclusively if no one uses the blob area now; the caller closes it. */
    Optional<Lease> tryExclusive() {
        return registry.acquire(guardFile, LockRegistry.Mode.EXCLUSIVE, System.nanoTime());
    }

    /**
     * Removes (with {@code apply}) or only finds the blobs not in {@code referenced} last modified before
     * {@code cutoff}; the caller holds the guard exclusively.
     */
    List<Leftover> removeUnreferenced(Set<Digest> referenced, boolean apply, Instant cutoff) throws IOException {
        List<Leftover> found = new ArrayList<>();
        for (Digest digest : list()) {
            Path path = pathOf(digest);
            if (referenced.contains(digest)
                    || Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
                continue;
            }
            found.add(new Leftover(FsckReport.Kind.UNUSED_BLOB, path, "no image refers to blob " + digest,
                    Files.size(path)));
            if (apply) {
                Files.deleteIfExists(path);
                deleteOrigins(digest);
            }
        }
        return found;
    }

    /**
     * Re-digests every blob; one whose content does not match its name is reported and, with {@code apply}
     * (the caller holding the guard exclusively), removed.
     */
    List<Leftover> verify(boolean apply) throws IOException {
        List<Leftover> found = new ArrayList<>();
        byte[] buffer = new byte[64 * 1024];
        for (Digest digest : list()) {
            MessageDigest hasher = digest.newHasher();
            Path path = pathOf(digest);
            try (InputStream in = open(digest)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    hasher.update(buffer, 0, n);
                }
            }
            Digest actual = Digest.of(digest.algorithm(), hasher.digest());
            if (!actual.equals(digest)) {
                found.add(new Leftover(FsckReport.Kind.CORRUPT_BLOB, path, "its content has digest " + actual
                        + "; a load or pull fetches it again", Files.size(path)));
                if (apply) {
                    Files.deleteIfExists(path);
                    deleteOrigins(digest);
                }
            }
        }
        return found;
    }

    /** Every stored blob's digest (files whose names are no digest are skipped). */
    List<Digest> list() {
        List<Digest> digests = new ArrayList<>();
        for (String algorithm : List.of(Digest.SHA256, Digest.SHA512)) {
            for (Path path : StoreRoot.entries(directory.resolve(algorithm))) {
                try {
                    digests.add(Digest.parse(algorithm + ":" + path.getFileName()));
                } catch (InvalidDigestException e) {
                    LOG.info("ignoring {}: its name is no {} digest", path, algorithm);
                }
            }
        }
        return digests;
    }

    /** Deletes blob {@code digest}; the caller holds the guard exclusively. */
    void delete(Digest digest) throws IOException {
        Files.deleteIfExists(pathOf(digest));
        deleteOrigins(digest);
    }

    /**
     * Deletes (with {@code apply}) or only finds the temp files of writers that are gone.
     *
     * @return the leftovers found
     */
    List<Leftover> recover(boolean apply) {
        List<Leftover> found = new ArrayList<>();
        for (Path path : StoreRoot.entries(temp)) {
            String name = path.getFileName().toString();
            try {
                if (name.endsWith(LOCK_SUFFIX)) {
                    recoverLocked(path, name.substring(0, name.length() - LOCK_SUFFIX.length()), apply, found);
                } else if (name.endsWith(DATA_SUFFIX)) {
                    recoverUnlocked(path, name.substring(0, name.length() - DATA_SUFFIX.length()), apply, found);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not recover the temp blob {} ({})", path, e.toString());
            }
        }
        return found;
    }

    private void recoverLocked(Path lockFile, String id, boolean apply, List<Leftover> found) throws IOException {
        Optional<Lease> claim = registry.tryClaim(lockFile);
        if (claim.isEmpty()) {
            return;
        }
        Path data = temp.resolve(id + DATA_SUFFIX);
        long bytes = Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) ? Files.size(data) : 0;
        found.add(new Leftover(FsckReport.Kind.STALE_TEMP_FILE, data, "blob write abandoned by a process that is gone",
                bytes));
        if (apply) {
            deleteTemp(lockFile, data, claim.get());
        } else {
            claim.get().close();
        }
    }

    private void recoverUnlocked(Path data, String id, boolean apply, List<Leftover> found) throws IOException {
        if (Files.exists(temp.resolve(id + LOCK_SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        found.add(new Leftover(FsckReport.Kind.STALE_TEMP_FILE, data, "blob data without its writer's lock file",
                Files.size(data)));
        if (apply) {
            Files.deleteIfExists(data);
        }
    }


    private static void createDirectory(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectory(path);
        } catch (FileAlreadyExistsException e) {
            AtomicFile.requireRealDirectory(path);
        }
    }

    /** Deletes a temp blob's data, then its lock file, then releases the claim; failures are logged. */
    private static void deleteTemp(Path lockFile, Path data, Lease claim) {
        try {
            Files.deleteIfExists(data);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            LOG.warn("could not delete the temp blob {} ({}); recovery will retry", data, e.toString());
        } finally {
            claim.close();
        }
    }

    /** The use guard held shared; closing it (on the thread that took it) releases it. */
    public static final class Retention implements AutoCloseable {
        private final Lease lease;

        private Retention(Lease lease) {
            this.lease = lease;
        }

        @Override
        public void close() {
            lease.close();
        }
    }

    /**
     * A blob being written: an output stream that counts and digests every byte. {@link #commit()}
     * makes it a stored blob; {@link #close()} without a commit deletes what was written. Not thread-safe.
     */
    public static final class Writer extends OutputStream {
        private final BlobStore store;
        private final Optional<Digest> expected;
        private final String algorithm;
        private final long expectedSize;
        private final Path data;
        private final FileChannel channel;
        private final Lease claim;
        private final MessageDigest hasher;
        private long written;
        private boolean ended;
        private Digest digest;

        private Writer(BlobStore store, Optional<Digest> expected, String algorithm, long expectedSize, Path data,
                FileChannel channel, Lease claim) {
            this.store = store;
            this.expected = expected;
            this.algorithm = algorithm;
            this.expectedSize = expectedSize;
            this.data = data;
            this.channel = channel;
            this.claim = claim;
            this.hasher = Digest.newHasher(algorithm);
        }

        /** The digest this blob must have, when it was given. */
        public Optional<Digest> expected() {
            return expected;
        }

        /** The digest of what was committed; empty before the commit. */
        public Optional<Digest> digest() {
            return Optional.ofNullable(digest);
        }

        /** The temp file written so far (to read back a spooled stream before the writer is closed). */
        public Path path() {
            return data;
        }

        private String name() {
            return expected.map(value -> "blob " + value).orElse("a new blob");
        }

        /** The bytes written so far (where a resumed download continues). */
        public long bytesWritten() {
            return written;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /**
         * Writes bytes of the blob.
         *
         * @throws IOException when they would exceed the expected size (naming the blob), or on I/O failure
         */
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (ended) {
                throw new IOException(name() + " is already committed or closed");
            }
            if (expectedSize >= 0 && written + length > expectedSize) {
                throw new IOException(name() + " is longer than its declared size " + expectedSize
                        + " bytes; the source is corrupt or lies about the size");
            }
            hasher.update(bytes, offset, length);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written += length;
        }

        /**
         * Checks size and digest, makes the blob durable and puts it in place (an equal blob already
         * stored is fine), then ends the writer.
         *
         * @return the stored blob's file
         * @throws IOException when the size or digest differs (naming the blob, expected and actual), or
         *         on I/O failure; nothing is stored then
         */
        public Path commit() throws IOException {
            if (ended) {
                throw new IOException(name() + " is already committed or closed");
            }
            try {
                Digest actual = Digest.of(algorithm, hasher.digest());
                if (expectedSize >= 0 && written != expectedSize || !expected.orElse(actual).equals(actual)) {
                    throw new IOException(name() + " (" + expectedSize + " bytes declared) has "
                            + written + " bytes with digest " + actual + "; the source is corrupt");
                }
                store.fsync.file(channel);
                channel.close();
                Path target = store.pathOf(actual);
                Files.move(data, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                store.fsync.directory(target.getParent());
                digest = actual;
                return target;
            } finally {
                close();
            }
        }

        /** Ends the writer; without a commit, what was written is deleted. */
        @Override
        public void close() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed ({})", data, e.toString());
            }
            deleteTemp(store.temp.resolve(data.getFileName().toString().replace(DATA_SUFFIX, LOCK_SUFFIX)), data,
                    claim);
        }
    }
}
