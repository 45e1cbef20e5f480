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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Reads {@code metadata.json} sidecars without a lock (rename makes every new sidecar appear whole),
 * optionally through a change-token cache.
 *
 * <p>Checks, in order: one {@code lstat} of the sidecar (absent: no sidecar); it must be a regular
 * file, not a symbolic link, directory or special file (a FIFO is refused here, before an {@code open}
 * that would block on it), of at most {@link MetadataCodec#MAX_BYTES} bytes; on a cache miss the image
 * directory must be a real directory, not a symbolic link; the file is read through a channel opened
 * without following links, into a buffer one byte larger than the {@code lstat}'s size, never more
 * than the cap (a short read of a regular file is its end, so an unchanged sidecar costs one
 * {@code read}); it must decode, and its {@code reference} must parse (a reference spelled exactly as
 * the one asked for is that reference, and is not parsed again). Each failure is a
 * {@link CorruptMetadataException} naming the file: damage stays confined to its own image. Without a
 * cache, or for {@link #readUncached}, the {@code lstat} reads the basic attributes only.
 *
 * <p><b>Change token.</b> The {@code lstat} gives (file key, size, modification time, status-change
 * time {@code ctime} where the file system reports it, else the modification time again). Every write
 * renames a new inode into place, so the token changes with the content; a cached entry is served
 * while the token is unchanged, at the cost of that one {@code lstat}. A file key alone does not name a
 * version: a freed inode number is soon reused, possibly by a sidecar of the same size written within
 * the same timestamp tick. So a sidecar is cached only once it has been unchanged for
 * {@value #SETTLED_MILLIS} ms before the {@code lstat} that precedes its read (the "racily clean" rule
 * of Git's index): any file that later reuses its inode was created after that {@code lstat}, so its
 * {@code ctime} (which no tool can set back) differs from the cached one. The cache holds at most
 * {@value #MAX_ENTRIES} sidecars and is emptied when it would grow beyond (listing the store bypasses
 * it, so only single-image reads fill it); a file system without file keys is never cached.
 */
final class SidecarReader {
    /** The most sidecars the cache keeps. */
    static final int MAX_ENTRIES = 16_384;
    /**
     * How long a sidecar must have been unchanged before it is cached: more than the coarsest timestamp
     * granularity of file systems with file keys (1 s) plus the lag of the kernel's coarse clock.
     */
    static final long SETTLED_MILLIS = 2_000;

    private static final String UNIX_ATTRIBUTES = "unix:fileKey,size,lastModifiedTime,ctime,isRegularFile";

    private final boolean caching;
    private final LongSupplier wallClockMillis;
    private final Map<Path, Sidecar> cache = new ConcurrentHashMap<>();

    SidecarReader(boolean caching) {
        this(caching, System::currentTimeMillis);
    }

    /** A reader whose "settled" rule uses {@code wallClockMillis} (the clock file timestamps come from). */
    SidecarReader(boolean caching, LongSupplier wallClockMillis) {
        this.caching = caching;
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * A sidecar as read: where, what it says, its reference parsed, and its change token; its platform is
     * normalised on first use and kept, so routing a cached sidecar does no string work.
     */
    static final class Sidecar {
        private final Path file;
        private final LocalImageMetadata metadata;
        private final ImageReference reference;
        private final ChangeToken token;
        /** Set on first success; racy but safe, since a {@link Platform} is immutable. */
        private Platform platform;

        Sidecar(Path file, LocalImageMetadata metadata, ImageReference reference, ChangeToken token) {
            this.file = file;
            this.metadata = metadata;
            this.reference = reference;
            this.token = token;
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

        ChangeToken token() {
            return token;
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
    record ChangeToken(Object fileKey, long size, FileTime modified, FileTime changed) {
        /**
         * Whether a read that began at {@code readStartMillis} may be cached under this token: the file
         * has a key and was last changed at least {@link #SETTLED_MILLIS} before.
         */
        boolean cacheable(long readStartMillis) {
            return fileKey != null && changed.toMillis() <= readStartMillis - SETTLED_MILLIS;
        }
    }

    /** One {@code lstat} of a sidecar: whether it is a regular file, its size and its change token. */
    private record Stat(boolean regular, long size, ChangeToken token) {}

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
        if (!caching) {
            return readUncached(imageDirectory, expected);
        }
        Path file = imageDirectory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        long readStart = wallClockMillis.getAsLong();
        Optional<Stat> stat = statChecked(imageDirectory, file, true);
        if (stat.isEmpty()) {
            cache.remove(file);
            return Optional.empty();
        }
        ChangeToken token = stat.get().token();
        Sidecar cached = cache.get(file);
        if (cached != null && cached.token().equals(token)) {
            return Optional.of(cached);
        }
        requireRealDirectory(imageDirectory, file);
        Optional<Sidecar> sidecar = load(file, stat.get(), expected);
        if (token.cacheable(readStart)) {
            remember(file, sidecar);
        } else {
            cache.remove(file);
        }
        return sidecar;
    }

    /**
     * Reads the sidecar of the image in {@code imageDirectory} with every check but without the cache:
     * neither consulted nor filled (what a listing of the whole store uses, so that it cannot evict the
     * entries single-image reads live on).
     */
    Optional<Sidecar> readUncached(Path imageDirectory, Optional<ImageReference> expected) {
        Path file = imageDirectory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        Optional<Stat> stat = statChecked(imageDirectory, file, false);
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        requireRealDirectory(imageDirectory, file);
        return load(file, stat.get(), expected);
    }

    /** The sidecar's {@code lstat}, checked; on a failure, a bad image directory is reported instead. */
    private static Optional<Stat> statChecked(Path imageDirectory, Path file, boolean withCtime) {
        Optional<Stat> stat;
        try {
            stat = withCtime ? statSidecar(file) : statBasic(file);
        } catch (ImageStoreException e) {
            requireRealDirectory(imageDirectory, file);
            throw e;
        }
        stat.ifPresent(found -> check(file, found));
        return stat;
    }

    /** Drops the cached sidecar of {@code imageDirectory}, if any. */
    void forget(Path imageDirectory) {
        cache.remove(imageDirectory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE));
    }

    private void remember(Path file, Optional<Sidecar> sidecar) {
        if (sidecar.isEmpty()) {
            cache.remove(file);
            return;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(file, sidecar.get());
    }

    private static Optional<BasicFileAttributes> stat(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine " + file + ": " + e + " (check permissions)", e);
        }
    }

    /** One {@code lstat} of the basic attributes: kind, size, and a token whose {@code ctime} is the mtime. */
    private static Optional<Stat> statBasic(Path file) {
        try {
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Stat(basic.isRegularFile(), basic.size(), new ChangeToken(basic.fileKey(),
                    basic.size(), basic.lastModifiedTime(), basic.lastModifiedTime())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine " + file + ": " + e + " (check permissions)", e);
        }
    }

    /** One {@code lstat} giving the kind, size and change token ({@code ctime} included where supported). */
    private static Optional<Stat> statSidecar(Path file) {
        try {
            if (!file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                return statBasic(file);
            }
            Map<String, Object> unix = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            long size = (Long) unix.get("size");
            return Optional.of(new Stat((Boolean) unix.get("isRegularFile"), size, new ChangeToken(
                    unix.get("fileKey"), size, (FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageStoreException("cannot examine " + file + ": " + e + " (check permissions)", e);
        }
    }

    private static void check(Path file, Stat stat) {
        if (!stat.regular()) {
            String kind = stat(file).map(AtomicFile::describe).orElse("gone");
            throw new CorruptMetadataException(file.toString(), "it is " + kind + ", not a regular file");
        }
        if (stat.size() > MetadataCodec.MAX_BYTES) {
            throw new CorruptMetadataException(file.toString(), "the file is " + stat.size()
                    + " bytes; a sidecar is at most " + MetadataCodec.MAX_BYTES + " bytes");
        }
    }

    private static void requireRealDirectory(Path imageDirectory, Path file) {
        Optional<BasicFileAttributes> attributes = stat(imageDirectory);
        if (attributes.isPresent() && !attributes.get().isDirectory()) {
            throw new CorruptMetadataException(file.toString(), "its image directory is "
                    + AtomicFile.describe(attributes.get()) + "; imagestore never follows links out of the store");
        }
    }

    private static Optional<Sidecar> load(Path file, Stat stat, Optional<ImageReference> expected) {
        Optional<byte[]> bytes = readCapped(file, stat.size());
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        LocalImageMetadata metadata = MetadataCodec.decode(bytes.get(), file.toString());
        return Optional.of(new Sidecar(file, metadata, reference(file, metadata, expected), stat.token()));
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
     * Reads at most {@code MAX_BYTES + 1} bytes into a buffer sized from the {@code lstat}; empty when
     * the file vanished since the {@code lstat}. A read that leaves the buffer not full has reached the
     * end (a regular file's {@code read} returns less than asked only there); a file that grew since the
     * {@code lstat} fills the buffer, which then grows up to the cap.
     */
    private static Optional<byte[]> readCapped(Path file, long statSize) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MetadataCodec.MAX_BYTES + 1L, statSize + 1));
            while (channel.read(buffer) >= 0 && !buffer.hasRemaining()) {
                buffer = enlarged(buffer, file);
            }
            return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new ImageStoreException("cannot read " + file + ": permission denied (check permissions)", e);
        } catch (IOException e) {
            // Not corruption: the lstat saw a regular file, so this is an I/O error (EMFILE, EIO, ...) or a
            // race with a rename, and calling it corrupt would let 'fsck --repair' delete a good image.
            throw new ImageStoreException("cannot read " + file + ": " + e + " (retry; if it persists, check the disk)",
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
