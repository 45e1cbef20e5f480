package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.ReferenceConflictException;
import io.imagestore.fs.SidecarReader.Sidecar;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds images on disk: the directory whose sidecar names a reference (every read compares the stored
 * reference, parsed, with the one asked for, so a shared directory or a hash collision can never
 * return another image), the directory a write goes to, and an image directory without a sidecar.
 */
final class ImageFinder {
    private static final LazyLogger LOG = new LazyLogger(ImageFinder.class);

    private final ImageDirectories directories;
    private final SidecarReader reader;

    ImageFinder(ImageDirectories directories, SidecarReader reader) {
        this.directories = directories;
        this.reader = reader;
    }

    /** The image of {@code reference} with its directory, when it has a sidecar naming it. */
    Optional<Found> find(ImageReference reference) {
        ImageStoreException failure = null;
        for (String name : directories.candidates(reference)) {
            Path directory = directories.resolve(name);
            Optional<Sidecar> sidecar;
            try {
                sidecar = reader.read(directory, Optional.of(reference));
            } catch (CorruptMetadataException e) {
                failure = failure == null ? e : failure;
                continue;
            }
            if (sidecar.isEmpty()) {
                continue;
            }
            if (sidecar.get().reference().equals(reference)) {
                return Optional.of(new Found(name, directory, sidecar.get()));
            }
            if (failure == null) {
                failure = new ReferenceConflictException(reference.toString(), sidecar.get().metadata().reference(),
                        directory.toString());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Optional.empty();
    }

    /** An image found on disk: its directory name, path and sidecar. */
    record Found(String name, Path directory, Sidecar sidecar) {}

    /**
     * The sidecar at {@code location}, read without the cache (for listing the whole store); empty, with a
     * warning, when it cannot be trusted.
     */
    Optional<Sidecar> readUncachedOrSkip(SidecarLocation location) {
        try {
            return reader.readUncached(location, Optional.empty());
        } catch (ImageStoreException e) {
            LOG.warn("skipping {}: {}", location.directory(), e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Sidecar> readQuietly(String name) {
        try {
            return reader.read(directories.resolve(name));
        } catch (CorruptMetadataException e) {
            LOG.debug("ignoring the corrupt sidecar in {} ({})", name, e.reason());
            return Optional.empty();
        }
    }

    /**
     * The directory a write of {@code reference} goes to; the caller holds the image's lock.
     *
     * @throws ReferenceConflictException when that directory holds another reference's sidecar
     */
    String homeForWrite(ImageReference reference) {
        if (directories.layout() == Layout.ZLAYER) {
            for (String name : directories.candidates(reference)) {
                if (readQuietly(name).filter(sidecar -> sidecar.reference().equals(reference)).isPresent()) {
                    return name;
                }
            }
        }
        String name = directories.newName(reference);
        if (directories.mayBeShared(name)) {
            Optional<Sidecar> existing = readQuietly(name);
            if (existing.isPresent() && !existing.get().reference().equals(reference)) {
                throw new ReferenceConflictException(reference.toString(), existing.get().metadata().reference(),
                        directories.resolve(name).toString());
            }
        }
        return name;
    }

    /** The first of {@code reference}'s directories whose sidecar (or the directory itself) cannot be trusted. */
    Optional<Path> damagedDirectory(ImageReference reference) {
        for (String name : directories.candidates(reference)) {
            Path directory = directories.resolve(name);
            try {
                reader.read(directory);
            } catch (CorruptMetadataException e) {
                return Optional.of(directory);
            }
        }
        return Optional.empty();
    }

    /** The image's directory, found through its sidecar or else as the first candidate that is a real directory. */
    Optional<Path> existingDirectory(ImageReference reference) {
        Optional<Found> found;
        try {
            found = find(reference);
        } catch (CorruptMetadataException e) {
            found = Optional.empty();
        }
        if (found.isPresent()) {
            return Optional.of(found.get().directory());
        }
        for (String name : directories.candidates(reference)) {
            Path directory = directories.resolve(name);
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(directory);
            }
        }
        return Optional.empty();
    }
}
