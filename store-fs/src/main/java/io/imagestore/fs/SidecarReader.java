package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads {@code metadata.json} sidecars without a lock (rename makes every new sidecar appear whole),
 * optionally through a change-token cache.
 *
 * <p>Checks: the sidecar must be a regular file, not a symbolic link, directory or special file (a
 * FIFO is refused before an {@code open} that would block on it), of at most
 * {@link MetadataCodec#MAX_BYTES} bytes, in an image directory that is a real directory, not a symbolic
 * link; it is read through a channel opened without following links, into a buffer one byte larger
 * than its expected size, never more than the cap (a short read of a regular file is its end, so an
 * unchanged sidecar costs one {@code read}); it must decode, and its {@code reference} must parse (a
 * reference spelled exactly as the one asked for is that reference, and is not parsed again). Each
 * failure is a {@link CorruptMetadataException} naming the file: damage stays confined to its own image.
 *
 * <p><b>Change token.</b> One {@code lstat} gives a file's token: (file key, size, modification time,
 * birth time where the file system reports it, else the modification time again). Every write renames
 * a new inode into place, so the token changes with the content. A file key alone does not name a
 * version: a freed inode number is soon reused, possibly by a file of the same size written within the
 * same timestamp tick. So a token is trusted only once its file has been unchanged for
 * {@value #SETTLED_MILLIS} ms before the {@code lstat} that took it (the "racily clean" rule of Git's
 * index): a file that later reuses the inode is born after that {@code lstat}, so its birth time, and
 * unless a tool sets it back its modification time, differ from the token's. What no token sees is a
 * tool that rewrites the file in place, keeping its size, and then sets its modification time back to
 * the exact nanosecond it had (only the status-change time would show it, and the JDK reads that only
 * through its string-keyed attribute maps, which cost a third of a revalidation): imagestore never
 * writes a sidecar in place, and neither do package managers, editors or {@code cp}/{@code rsync}
 * without {@code --inplace}.
 *
 * <p><b>Single-image reads</b> ({@link #read}) use tokens two ways:
 * <ul>
 *   <li>With the cache on, a cached sidecar is served while the sidecar's token is unchanged, at the cost
 *       of that one {@code lstat}. The cache holds at most {@value #MAX_ENTRIES} sidecars and is emptied
 *       when it would grow beyond.
 *   <li>With the cache off, every read reads the file, but the image directory's token stands in for the
 *       sidecar's {@code lstat}: a directory's modification time changes whenever an entry in it is
 *       created, removed or renamed, so while its token is the one it had when its sidecar was seen to be
 *       a regular file, {@code metadata.json} is still that inode, and an inode never changes kind. The
 *       read is then the directory's {@code lstat} (which the symbolic-link check needs anyway), an
 *       {@code open} and a {@code read}.
 * </ul>
 * Listing the store ({@link #readUncached}) reads every sidecar as an uncached single read does, through
 * the checked directories but never the cache, so that a pass over every image cannot evict the sidecars
 * single-image reads live on. Checked directories are remembered by the directory's file key (the token
 * says what it had to be, whatever path reached it; a directory's entries do not depend on its path) as
 * four numbers (with the file key and the map's node, 100–130 bytes of heap each, measured over 100,000
 * directories), at most {@value #MAX_CHECKED} of them (enough for a listing of that many images to find
 * every one the next time), and are emptied when there would be more. A file system without file keys is
 * never cached.
 */
final class SidecarReader {
    /** The most sidecars the cache keeps. */
    static final int MAX_ENTRIES = 16_384;
    /** The most image directories remembered as checked. */
    static final int MAX_CHECKED = 262_144;
    /**
     * How long a file must have been unchanged before its token is trusted: more than the coarsest
     * timestamp granularity of file systems with file keys (1 s) plus the lag of the kernel's coarse clock.
     */
    static final long SETTLED_MILLIS = 2_000;

    private final boolean caching;
    private final LongSupplier wallClockMillis;
    /** Cached sidecars by sidecar path. */
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();
    /** Image directories whose sidecar was seen to be a regular file, by the directory's file key. */
    private final Map<Object, Checked> checked = new ConcurrentHashMap<>();

    SidecarReader(boolean caching) {
        this(caching, new WallClock());
    }

    /**
     * {@link System#currentTimeMillis}, as a class rather than a method reference: the first lambda of a
     * process costs a short-lived command (the {@code imagestore} CLI) about 9 ms.
     */
    private static final class WallClock implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.currentTimeMillis();
        }
    }

    /** A reader whose "settled" rule uses {@code wallClockMillis} (the clock file timestamps come from). */
    SidecarReader(boolean caching, LongSupplier wallClockMillis) {
        this.caching = caching;
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * A sidecar as read: where, what it says, and its reference parsed; its platform is normalised on
     * first use and kept, so routing a cached sidecar does no string work.
     */
    static final class Sidecar {
        private final Path file;
        private final LocalImageMetadata metadata;
        private final ImageReference reference;
        /** Set on first success; racy but safe, since a {@link Platform} is immutable. */
        private Platform platform;

        Sidecar(Path file, LocalImageMetadata metadata, ImageReference reference) {
            this.file = file;
            this.metadata = metadata;
            this.reference = reference;
        }

        Path file() {
            return file;
        }

        LocalImageMetadata metadata() {
            return metadata;
        }

        ImageReference reference() {
            return reference;
        }

        /**
         * {@link LocalImageMetadata#platform()}, computed once.
         *
         * @throws io.imagestore.api.InvalidPlatformException when the sidecar names no valid platform
         */
        Platform platform() {
            Platform known = platform;
            if (known == null) {
                known = metadata.platform();
                platform = known;
            }
            return known;
        }
    }

    /** What one {@code lstat} tells about a file's identity and version. */
    record ChangeToken(Object fileKey, long size, FileTime modified, FileTime born) {
        /** The token of {@code attributes}. */
        static ChangeToken of(BasicFileAttributes attributes) {
            return new ChangeToken(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(),
                    attributes.creationTime());
        }

        /**
         * Whether a read that began at {@code readStartMillis} may trust this token later: the file has a
         * key and was last changed (or born) at least {@link #SETTLED_MILLIS} before.
         */
        boolean cacheable(long readStartMillis) {
            return fileKey != null && settled(modified, born, readStartMillis);
        }

        // Written out rather than generated: a record's generated equals is bootstrapped through
        // invokedynamic on first use, which costs a short-lived process (the imagestore command) 15-30 ms.
        @Override
        public boolean equals(Object other) {
            return other instanceof ChangeToken that && size == that.size && Objects.equals(fileKey, that.fileKey)
                    && modified.equals(that.modified) && born.equals(that.born);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fileKey, size, modified, born);
        }
    }

    /** Whether a file last changed at {@code modified}, born at {@code born}, was settled when a read began. */
    private static boolean settled(FileTime modified, FileTime born, long readStartMillis) {
        long settledBefore = readStartMillis - SETTLED_MILLIS;
        return modified.toMillis() <= settledBefore && born.toMillis() <= settledBefore;
    }

    /** A cached sidecar and the token of the file it was read from. */
    private record Cached(ChangeToken token, Sidecar sidecar) {}

    /**
     * An image directory's token, less its file key (the map's key), when its sidecar, then of
     * {@code sidecarSize} bytes, was a regular file: four numbers rather than a {@link ChangeToken}, whose
     * file times are objects, so that remembering every directory of a large store stays cheap.
     */
    private static final class Checked {
        /** No directory remembered: matches no directory. */
        static final Checked NONE = new Checked(-1, 0, 0, -1);

        private final long size;
        private final long modifiedNanos;
        private final long bornNanos;
        private final long sidecarSize;

        private Checked(long size, long modifiedNanos, long bornNanos, long sidecarSize) {
            this.size = size;
            this.modifiedNanos = modifiedNanos;
            this.bornNanos = bornNanos;
            this.sidecarSize = sidecarSize;
        }

        static Checked of(BasicFileAttributes directory, long sidecarSize) {
            return new Checked(directory.size(), nanos(directory.lastModifiedTime()), nanos(directory.creationTime()),
                    sidecarSize);
        }

        /** Whether {@code directory} (of this entry's file key) still has the token this entry was made from. */
        boolean matches(BasicFileAttributes directory) {
            return sidecarSize >= 0 && size == directory.size()
                    && modifiedNanos == nanos(directory.lastModifiedTime())
                    && bornNanos == nanos(directory.creationTime());
        }

        private static long nanos(FileTime time) {
            return time.to(TimeUnit.NANOSECONDS);
        }
    }

    /** Reads the sidecar of the image in {@code imageDirectory}, through the cache when it is on. */
    Optional<Sidecar> read(Path imageDirectory) {
        return read(imageDirectory, Optional.empty());
    }

    /**
     * Reads the sidecar of the image in {@code imageDirectory}, through the cache when it is on.
     *
     * @param expected the reference the caller looks for, if any: a sidecar spelling it exactly is not
     *     parsed again
     * @return the sidecar, or empty when there is none
     * @throws CorruptMetadataException when it exists but cannot be trusted
     */
    Optional<Sidecar> read(Path imageDirectory, Optional<ImageReference> expected) {
        SidecarLocation location = SidecarLocation.of(imageDirectory);
        return caching ? readThroughCache(location, expected) : readUncached(location, expected);
    }

    private Optional<Sidecar> readThroughCache(SidecarLocation location, Optional<ImageReference> expected) {
        Path file = location.sidecar();
        long readStart = wallClockMillis.getAsLong();
        Optional<BasicFileAttributes> stat = statChecked(location);
        if (stat.isEmpty()) {
            cache.remove(file);
            return Optional.empty();
        }
        ChangeToken token = ChangeToken.of(stat.get());
        Cached cached = cache.get(file);
        if (cached != null && cached.token().equals(token)) {
            return Optional.of(cached.sidecar());
        }
        Optional<Sidecar> sidecar = loadFromRealDirectory(location, stat.get(), expected);
        if (sidecar.isPresent() && token.cacheable(readStart)) {
            remember(cache, file, new Cached(token, sidecar.get()), MAX_ENTRIES);
        } else {
            cache.remove(file);
        }
        return sidecar;
    }

    /**
     * Reads the sidecar of the image in {@code imageDirectory} with every check but without the cache:
     * neither consulted nor filled (what a listing of the whole store uses, so that it cannot evict the
     * entries single-image reads live on). A remembered directory token stands in for the sidecar's
     * {@code lstat}, as for every read without the cache.
     */
    Optional<Sidecar> readUncached(Path imageDirectory, Optional<ImageReference> expected) {
        return readUncached(SidecarLocation.of(imageDirectory), expected);
    }

    /** {@link #readUncached(Path, Optional)} of the image directory at {@code location}. */
    Optional<Sidecar> readUncached(SidecarLocation location, Optional<ImageReference> expected) {
        long readStart = wallClockMillis.getAsLong();
        Optional<BasicFileAttributes> stat = stat(location, true);
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes directory = stat.get();
        refuseUnlessDirectory(location, directory);
        Object key = directory.fileKey();
        // getOrDefault, so that every read loads Checked: the CLI's class-data archive, recorded on the
        // first run after a build (often on a new image), then holds it for later runs.
        Checked known = key == null ? Checked.NONE : checked.getOrDefault(key, Checked.NONE);
        if (known.matches(directory)) {
            return load(location, known.sidecarSize, expected);
        }
        Optional<BasicFileAttributes> sidecarStat = stat(location, false);
        if (sidecarStat.isEmpty()) {
            return Optional.empty();
        }
        check(location, sidecarStat.get());
        Optional<Sidecar> sidecar = load(location, sidecarStat.get().size(), expected);
        if (key != null && settled(directory.lastModifiedTime(), directory.creationTime(), readStart)) {
            remember(checked, key, Checked.of(directory, sidecarStat.get().size()), MAX_CHECKED);
        }
        return sidecar;
    }

    /** Checks that the image directory is a real directory, then reads the sidecar {@code stat} described. */
    private static Optional<Sidecar> loadFromRealDirectory(SidecarLocation location, BasicFileAttributes stat,
            Optional<ImageReference> expected) {
        requireRealDirectory(location);
        return load(location, stat.size(), expected);
    }

    /** The sidecar's {@code lstat}, checked; on a failure, a bad image directory is reported instead. */
    private static Optional<BasicFileAttributes> statChecked(SidecarLocation location) {
        Optional<BasicFileAttributes> stat;
        try {
            stat = stat(location, false);
        } catch (ImageStoreException e) {
            requireRealDirectory(location);
            throw e;
        }
        stat.ifPresent(found -> check(location, found));
        return stat;
    }

    /**
     * Drops the cached sidecar of {@code imageDirectory}, if any. (Its checked-directory entry needs no
     * dropping: it matches only the directory's token as it was, which a removal changes.)
     */
    void forget(Path imageDirectory) {
        cache.remove(imageDirectory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE));
    }

    private static <K, V> void remember(Map<K, V> memory, K key, V value, int most) {
        if (memory.size() >= most) {
            memory.clear();
        }
        memory.put(key, value);
    }

    /** The {@code lstat} of the image directory or of its sidecar; empty when absent. */
    private static Optional<BasicFileAttributes> stat(SidecarLocation location, boolean directory) {
        try {
            return Optional.of(directory ? location.statDirectory() : location.statSidecar());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine " + (directory ? location.directory() : location.sidecar())
                    + ": " + e + " (check permissions)", e);
        }
    }

    private static void check(SidecarLocation location, BasicFileAttributes stat) {
        if (!stat.isRegularFile()) {
            throw new CorruptMetadataException(location.sidecar().toString(), "it is " + AtomicFile.describe(stat)
                    + ", not a regular file");
        }
        if (stat.size() > MetadataCodec.MAX_BYTES) {
            throw new CorruptMetadataException(location.sidecar().toString(), "the file is " + stat.size()
                    + " bytes; a sidecar is at most " + MetadataCodec.MAX_BYTES + " bytes");
        }
    }

    private static void requireRealDirectory(SidecarLocation location) {
        stat(location, true).ifPresent(attributes -> refuseUnlessDirectory(location, attributes));
    }

    private static void refuseUnlessDirectory(SidecarLocation location, BasicFileAttributes directory) {
        if (!directory.isDirectory()) {
            throw new CorruptMetadataException(location.sidecar().toString(), "its image directory is "
                    + AtomicFile.describe(directory) + "; imagestore never follows links out of the store");
        }
    }

    private static Optional<Sidecar> load(SidecarLocation location, long expectedSize,
            Optional<ImageReference> expected) {
        Optional<byte[]> bytes = readCapped(location, expectedSize);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Path file = location.sidecar();
        LocalImageMetadata metadata = MetadataCodec.decode(bytes.get(), file.toString());
        return Optional.of(new Sidecar(file, metadata, reference(file, metadata, expected)));
    }

    /** The sidecar's reference: {@code expected} itself when spelled the same, else parsed. */
    private static ImageReference reference(Path file, LocalImageMetadata metadata,
            Optional<ImageReference> expected) {
        if (expected.isPresent() && expected.get().original().equals(metadata.reference())) {
            return expected.get();
        }
        try {
            return metadata.imageReference();
        } catch (InvalidReferenceException e) {
            throw new CorruptMetadataException(file.toString(), "field `reference` is not a valid image reference ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads at most {@code MAX_BYTES + 1} bytes into a buffer one byte larger than the size last seen;
     * empty when the file vanished since. A read that leaves the buffer not full has reached the end (a
     * regular file's {@code read} returns less than asked only there); a file that grew since fills the
     * buffer, which then grows up to the cap.
     */
    private static Optional<byte[]> readCapped(SidecarLocation location, long expectedSize) {
        try (SeekableByteChannel channel = location.openSidecar()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MetadataCodec.MAX_BYTES + 1L, expectedSize + 1));
            while (channel.read(buffer) >= 0 && !buffer.hasRemaining()) {
                buffer = enlarged(buffer, location.sidecar());
            }
            return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new ImageStoreException("cannot read " + location.sidecar() + ": permission denied (check permissions)", e);
        } catch (IOException e) {
            // Not corruption: the lstat saw a regular file, so this is an I/O error (EMFILE, EIO, ...) or a
            // race with a rename, and calling it corrupt would let 'fsck --repair' set a good sidecar aside.
            throw new ImageStoreException("cannot read " + location.sidecar() + ": " + e + " (retry; if it persists, check the disk)",
                    e);
        }
    }

    private static ByteBuffer enlarged(ByteBuffer full, Path file) {
        if (full.capacity() > MetadataCodec.MAX_BYTES) {
            throw new CorruptMetadataException(file.toString(), "the file is larger than " + MetadataCodec.MAX_BYTES
                    + " bytes; a sidecar is at most that");
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(MetadataCodec.MAX_BYTES + 1, full.capacity() * 2));
        full.flip();
        return bigger.put(full);
    }
}
