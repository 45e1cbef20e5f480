package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The least code that does each measured job on the same files with the same codec
 * ({@link MetadataCodec}): no locks, no checks, no caches. Each benchmark divides the store's time by
 * one of these, so a figure says what the store's guarantees cost above what the file system itself
 * charges.
 */
final class HandWrittenBaseline {
    private static final String SIDECAR = LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE;

    private HandWrittenBaseline() {}

    /**
     * Replaces {@code directory/metadata.json} the durable way: a uniquely named temp file, written and
     * {@code force}d, moved over the sidecar with {@code ATOMIC_MOVE}, then the directory fsynced. With
     * {@code durable} false, the same without either fsync.
     */
    static void write(Path directory, LocalImageMetadata metadata, boolean durable) throws IOException {
        Path temp = directory.resolve(SIDECAR + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(MetadataCodec.encode(metadata));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (durable) {
                channel.force(true);
            }
        }
        Files.move(temp, directory.resolve(SIDECAR), StandardCopyOption.ATOMIC_MOVE);
        if (durable) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** Reads and decodes {@code directory/metadata.json}: {@code Files.readAllBytes} then the codec. */
    static LocalImageMetadata read(Path directory) throws IOException {
        Path sidecar = directory.resolve(SIDECAR);
        return MetadataCodec.decode(Files.readAllBytes(sidecar), sidecar.toString());
    }

    /** One {@code stat} of {@code directory/metadata.json}: what a change-token check cannot do without. */
    static BasicFileAttributes stat(Path directory) throws IOException {
        return Files.readAttributes(directory.resolve(SIDECAR), BasicFileAttributes.class);
    }

    /**
     * Lists {@code root} (the {@code DirectoryStream} that {@code Files.list} wraps) and reads and decodes the
     * sidecar of every entry that has one, in directory order; entries whose sidecar cannot be opened (the
     * store's {@code .imagestore/}, a plain file, a directory still being built) are passed over.
     */
    static List<LocalImageMetadata> list(Path root) throws IOException {
        List<LocalImageMetadata> images = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                try {
                    images.add(read(entry));
                } catch (FileSystemException noSidecarHere) {
                    continue;
                }
            }
        }
        return images;
    }
}
