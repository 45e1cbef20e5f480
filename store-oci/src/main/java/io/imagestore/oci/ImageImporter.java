package io.imagestore.oci;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.ImportImageRequest;
import io.imagestore.api.wire.ImportImageResponse;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.FsLocalImageStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code import} ({@code docker import}): a plain rootfs tarball, plain or compressed, becomes a one-layer
 * image. The tarball is read once into the blob area (digested, and decompressed to learn its diff_id),
 * then stored through {@link ImageUnpacker} like any other image, with a config for the platform given
 * and one history entry; without kept blobs the copy is a scratch file, deleted at the end.
 */
public final class ImageImporter {
    private ImageImporter() {}

    /**
     * Imports the tarball read from {@code in} (named {@code describe} in messages) as {@code reference}
     * for {@code platform}.
     *
     * @return the image stored; its {@link UnpackedImage#configDigest()} is the image id
     * @throws OciFormatException when the tarball is not a (compressed) tar or holds a refused entry
     */
    public static UnpackedImage importTarball(FsLocalImageStore store, InputStream in, String describe,
            ImageReference reference, Platform platform, UnpackOptions options, ProgressListener listener, Clock clock)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        Compression compression = Compression.detect(buffered);
        BlobStore blobs = store.blobs();
        try (BlobStore.Retention retention = blobs.retain(); BlobStore.Writer copy = blobs.create()) {
            MessageDigest rawDigest = Digest.newHasher(Digest.SHA256);
            MessageDigest diffId = Digest.newHasher(Digest.SHA256);
            try (InputStream raw = new DigestInputStream(new Tee(buffered, copy), rawDigest);
                    InputStream tar = new DigestInputStream(compression.decompress(raw), diffId)) {
                tar.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new OciFormatException(describe, "cannot be read as " + compression.name().toLowerCase(
                        java.util.Locale.ROOT) + " data: " + e.getMessage(), e);
            }
            long size = copy.bytesWritten();
            Descriptor layer = Descriptor.of(mediaType(compression), Digest.of(Digest.SHA256, rawDigest.digest()), size);
            Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            ImageConfig config = ImageConfig.of(platform, created, List.of(Digest.of(Digest.SHA256, diffId.digest())),
                    List.of(ImageConfig.HistoryEntry.of(created, "imagestore import " + describe, "", false)));
            ImageManifest manifest = ImageManifest.of(config.descriptor(MediaTypes.OCI_CONFIG), List.of(layer),
                    Map.of());
            BlobSource source = blob -> Files.newInputStream(copy.path());
            if (options.keepBlobs()) {
                copy.commit();
                source = blob -> blobs.open(blob.digest());
            }
            return ImageUnpacker.unpack(store, reference, manifest.toJson(), config.bytes(), source, options,
                    listener);
        }
    }

    /**
     * The reference an import request names: {@code repo}, with {@code tag} or else {@code latest}.
     *
     * @throws IllegalArgumentException when the request names no repository (the store keeps images by
     *         reference, so an import needs one)
     * @throws io.imagestore.api.InvalidReferenceException when repo and tag make no valid reference
     */
    public static ImageReference referenceOf(ImportImageRequest request) {
        String repo = request.repo().filter(text -> !text.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "an import needs a repository to store the image under; give one (for example myapp:v1)"));
        return ImageReference.parse(request.tag().filter(tag -> !tag.isBlank()).map(tag -> repo + ":" + tag)
                .orElse(repo));
    }

    /** The daemon's answer to an import: the image id, the digest of the image's config. */
    public static ImportImageResponse response(UnpackedImage image) {
        return new ImportImageResponse(image.configDigest().toString());
    }

    private static String mediaType(Compression compression) {
        switch (compression) {
            case GZIP:
                return MediaTypes.OCI_LAYER_GZIP;
            case ZSTD:
                return MediaTypes.OCI_LAYER_ZSTD;
            default:
                return MediaTypes.OCI_LAYER;
        }
    }

    /** Copies every byte read into the blob writer. */
    private static final class Tee extends ObservedInputStream {
        private final BlobStore.Writer copy;

        Tee(InputStream in, BlobStore.Writer copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        void observe(byte[] buffer, int offset, int length) throws IOException {
            copy.write(buffer, offset, length);
        }

        @Override
        void atEnd() {
            // nothing to finish: the writer is committed (or discarded) by the importer
        }
    }
}
