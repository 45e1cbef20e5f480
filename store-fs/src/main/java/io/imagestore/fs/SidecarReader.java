package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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

/**
 * Reads {@code metadata.json} sidecars without a lock (rename makes every new sidecar appear whole),
 * optionally through a change-token cache.
 *
 * <p>Checks, in order: one {@code lstat} of the sidecar (absent: no sidecar); it must be a regular
 * file, not a symbolic link, directory or special file, of at most {@link MetadataCodec#MAX_BYTES}
 * bytes; on a cache miss the image directory must be a real directory, not a symbolic link; the file
 * is read through a channel opened without following links, never more than the cap; it must decode,
 * and its {@code reference} must parse. Each failure is a {@link CorruptMetadataException} naming the
 * file: damage stays confined to its own image.
 *
 * <p><b>Change token.</b> The {@code lstat} gives (file key, size, modification time). Every write
 * renames a new inode into place, so the token changes with the content; a cached entry is served
 * while the token is unchanged, at the cost of that one {@code lstat}. The cache holds at most
 * {@value #MAX_ENTRIES} sidecars and is emptied when it would grow beyond; a file system without
 * file keys is never cached.
 */
final class SidecarReader {
    /** The most sidecars the cache keeps. */
    static final int MAX_ENTRIES = 16_384;

    private final boolean caching;
    private final Map<Path, Sidecar> cache = new ConcurrentHashMap<>();

    SidecarReader(boolean caching) {
        this.caching = caching;
    }

    /** A sidecar as read: where, what it says, its reference parsed, and its change token. */
    record Sidecar(Path file, LocalImageMetadata metadata, ImageReference reference, ChangeToken token) {}

    /** What one {@code lstat} tells about a file's identity and version. */
    record ChangeToken(Object fileKey, long size, FileTime modified) {
        static ChangeToken of(BasicFileAttributes attributes) {
            return new ChangeToken(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        }

        boolean cacheable() {
            return fileKey != null;
        }
    }

    /**
     * Reads the sidecar of the image in {@code imageDirectory}.
     *
     * @return the sidecar, or empty when there is none
     * @throws CorruptMetadataException when it exists but cannot be trusted
     */
    Optional<Sidecar> read(Path imageDirectory) {
        Path file = imageDirectory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        Optional<BasicFileAttributes> attributes;
        try {
            attributes = stat(file);
        } catch (ImageStoreException e) {
            requireRealDirectory(imageDirectory, file);
            throw e;
        }
        if (attributes.isEmpty()) {
            cache.remove(file);
            return Optional.empty();
        }
        check(file, attributes.get());
        ChangeToken token = ChangeToken.of(attributes.get());
        Sidecar cached = caching ? cache.get(file) : null;
        if (cached != null && cached.token().equals(token)) {
            return Optional.of(cached);
        }
        requireRealDirectory(imageDirectory, file);
        Optional<Sidecar> sidecar = load(file, token);
        if (caching && token.cacheable()) {
            remember(file, sidecar);
        }
        return sidecar;
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

    private static void check(Path file, BasicFileAttributes attributes) {
        if (!attributes.isRegularFile()) {
            throw new CorruptMetadataException(file.toString(), "it is " + AtomicFile.describe(attributes)
                    + ", not a regular file");
        }
        if (attributes.size() > MetadataCodec.MAX_BYTES) {
            throw new CorruptMetadataException(file.toString(), "the file is " + attributes.size()
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

    private static Optional<Sidecar> load(Path file, ChangeToken token) {
        Optional<byte[]> bytes = readCapped(file);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        LocalImageMetadata metadata = MetadataCodec.decode(bytes.get(), file.toString());
        ImageReference reference;
        try {
            reference = metadata.imageReference();
        } catch (InvalidReferenceException e) {
            throw new CorruptMetadataException(file.toString(), "field `reference` is not a valid image reference ("
                    + e.getMessage() + ")", e);
        }
        return Optional.of(new Sidecar(file, metadata, reference, token));
    }

    /** Reads at most {@code MAX_BYTES + 1} bytes; empty when the file vanished since the {@code lstat}. */
    private static Optional<byte[]> readCapped(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MetadataCodec.MAX_BYTES + 1L,
                    Math.max(512L, channel.size() + 1)));
            while (true) {
                if (!buffer.hasRemaining()) {
                    buffer = enlarged(buffer, file);
                }
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
            return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new ImageStoreException("cannot read " + file + ": permission denied (check permissions)", e);
        } catch (FileSystemException e) {
            throw new CorruptMetadataException(file.toString(), "it cannot be opened as a regular file (" + e + ")", e);
        } catch (IOException e) {
            throw new ImageStoreException("cannot read " + file + ": " + e + " (check permissions)", e);
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
