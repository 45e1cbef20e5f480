package io.imagestore.oci;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The files of an image archive, by name: an OCI layout or Docker archive as a directory or as a tar read
 * in place (random access, nothing extracted). Names come from hostile documents ({@code manifest.json}'s
 * layer paths), so each is normalised by {@link EntryNames} first: an absolute or {@code ..} name is
 * refused. Only regular files count; links in an archive are never followed.
 */
abstract class ArchiveFiles implements Closeable {
    private static final int BUFFER = 64 * 1024;

    /** What the archive is called in messages (its path). */
    abstract String describe();

    /** The size of regular file {@code name}, empty when there is none. */
    abstract Optional<Long> size(String name) throws IOException;

    /** Opens regular file {@code name}; the caller closes the stream. */
    abstract InputStream open(String name) throws IOException;

    /** Whether regular file {@code name} exists. */
    final boolean exists(String name) throws IOException {
        return size(name).isPresent();
    }

    /**
     * Reads small file {@code name} (a JSON document) whole.
     *
     * @throws OciFormatException when it is missing or larger than {@code max} bytes
     */
    final byte[] read(String name, int max) throws IOException {
        Optional<Long> size = size(name);
        if (size.isEmpty()) {
            throw new OciFormatException(describe(), "it has no file " + name);
        }
        if (size.get() > max) {
            throw new OciFormatException(describe() + " " + name, "it has " + size.get() + " bytes, more than the "
                    + max + " such a file may have");
        }
        try (InputStream in = open(name)) {
            return in.readNBytes(max);
        }
    }

    final String normalise(String name) {
        return EntryNames.normalise(name, describe());
    }

    /** The files of directory {@code directory}. */
    static ArchiveFiles directory(Path directory) {
        return new Directory(directory);
    }

    /** The files of the tar file {@code tar} (uncompressed), indexed once. */
    static ArchiveFiles tar(Path tar, String describe) throws IOException {
        return new Tar(tar, describe);
    }

    private static final class Directory extends ArchiveFiles {
        private final Path root;

        Directory(Path root) {
            this.root = root;
        }

        @Override
        String describe() {
            return root.toString();
        }

        private Optional<Path> regular(String name) throws IOException {
            String relative = normalise(name);
            Path path = root;
            for (String component : relative.split("/")) {
                path = path.resolve(component);
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                }
                if (attributes.isSymbolicLink()) {
                    return Optional.empty();
                }
            }
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
        }

        @Override
        Optional<Long> size(String name) throws IOException {
            Optional<Path> path = regular(name);
            return path.isPresent() ? Optional.of(Files.size(path.get())) : Optional.empty();
        }

        @Override
        InputStream open(String name) throws IOException {
            Path path = regular(name).orElseThrow(() -> new NoSuchFileException(root.resolve(name).toString()));
            return Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public void close() {
            // nothing held open
        }
    }

    private static final class Tar extends ArchiveFiles {
        private final TarFile tar;
        private final String describe;
        private final Map<String, TarArchiveEntry> entries = new HashMap<>();

        Tar(Path file, String describe) throws IOException {
            this.describe = describe;
            try {
                this.tar = new TarFile(file);
            } catch (IOException | IllegalArgumentException e) {
                throw new OciFormatException(describe, "not a tar archive: " + e.getMessage(), e);
            }
            for (TarArchiveEntry entry : tar.getEntries()) {
                if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
                    continue;
                }
                String name = normalise(entry.getName());
                if (entries.put(name, entry) != null) {
                    close();
                    throw new OciFormatException(describe, "it holds " + name + " twice; the archive is damaged"
                            + " or hostile");
                }
            }
        }

        @Override
        String describe() {
            return describe;
        }

        @Override
        Optional<Long> size(String name) {
            TarArchiveEntry entry = entries.get(normalise(name));
            return entry == null ? Optional.empty() : Optional.of(entry.getSize());
        }

        @Override
        InputStream open(String name) throws IOException {
            TarArchiveEntry entry = entries.get(normalise(name));
            if (entry == null) {
                throw new NoSuchFileException(describe + ": " + name);
            }
            return new BufferedInputStream(tar.getInputStream(entry), BUFFER);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
