package io.imagestore.oci;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.ResolvedPlatform;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Makes an image of the store ready to leave it ({@link ExportedImage}): the save and push side of the
 * one model. An image whose manifest, config and layers are kept (it was loaded or pulled, or saved
 * before) is given as it is, with its original digests. A locally built image gets one gzip layer made
 * from its rootfs ({@link RootfsTar}: reproducible), a config with its platform, creation time and one
 * history entry, and an OCI manifest; those blobs go to the blob area and the manifest and config are
 * kept beside the rootfs, so the next save or push gives the same digests.
 */
public final class ImageExporter {
    private static final String HISTORY = "imagestore: the rootfs as one layer";

    private ImageExporter() {}

    /**
     * Exports {@code reference}.
     *
     * @throws ImageNotFoundException when the store has no such image
     * @throws ImageStoreException when a locally built image's platform is unknown
     * @throws IOException when reading the rootfs or writing blobs fails
     */
    public static ExportedImage export(FsLocalImageStore store, ImageReference reference) throws IOException {
        LocalImageMetadata metadata = store.read(reference)
                .orElseThrow(() -> new ImageNotFoundException(reference.toString()));
        Path directory = store.imageDirectory(reference);
        BlobStore blobs = store.blobs();
        try (BlobStore.Retention retention = blobs.retain()) {
            Optional<ExportedImage> kept = kept(blobs, reference, directory);
            if (kept.isPresent()) {
                return kept.get();
            }
            return fromRootfs(store, reference, metadata, directory.resolve("rootfs"));
        }
    }

    private static Optional<ExportedImage> kept(BlobStore blobs, ImageReference reference, Path directory)
            throws IOException {
        Path manifestFile = directory.resolve(ImageBuild.MANIFEST_FILE);
        Path configFile = directory.resolve(ImageBuild.IMAGE_CONFIG_FILE);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(configFile, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        ImageManifest manifest = ImageManifest.parse(Files.readAllBytes(manifestFile));
        ImageConfig config = ImageConfig.parse(Files.readAllBytes(configFile));
        if (!config.digest().equals(manifest.config().digest())) {
            return Optional.empty();
        }
        for (Descriptor blob : manifest.layers()) {
            if (!blobs.contains(blob.digest())) {
                return Optional.empty();
            }
        }
        keep(blobs, config.bytes());
        keep(blobs, manifest.toJson());
        return Optional.of(new ExportedImage(reference, manifest, config));
    }

    private static ExportedImage fromRootfs(FsLocalImageStore store, ImageReference reference,
            LocalImageMetadata metadata, Path rootfs) throws IOException {
        ResolvedPlatform resolved = store.resolvePlatform(reference);
        Platform platform = resolved.platform().orElseThrow(() -> new ImageStoreException("the platform of "
                + reference + " is unknown, so it cannot be described in an image config; record it with"
                + " 'imagestore write " + reference.familiar() + " --os OS --arch ARCH'"));
        Instant created = metadata.createdInstant().orElse(Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        MessageDigest diffId = Digest.newHasher(Digest.SHA256);
        Descriptor layer;
        try (BlobStore.Writer writer = store.blobs().create()) {
            try (OutputStream gzip = new GZIPOutputStream(new Unclosed(writer), 64 * 1024);
                    OutputStream tar = new DigestOutputStream(gzip, diffId)) {
                RootfsTar.write(rootfs, tar);
            }
            long size = writer.bytesWritten();
            writer.commit();
            layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, writer.digest().orElseThrow(), size);
        }
        ImageConfig config = ImageConfig.of(platform, created, List.of(Digest.of(Digest.SHA256, diffId.digest())),
                List.of(ImageConfig.HistoryEntry.of(created, HISTORY, "", false)));
        ImageManifest manifest = ImageManifest.of(config.descriptor(MediaTypes.OCI_CONFIG), List.of(layer), Map.of());
        keep(store.blobs(), config.bytes());
        keep(store.blobs(), manifest.toJson());
        store.writeImageFile(reference, ImageBuild.IMAGE_CONFIG_FILE, config.bytes());
        store.writeImageFile(reference, ImageBuild.MANIFEST_FILE, manifest.toJson());
        return new ExportedImage(reference, manifest, config);
    }

    /** Stores {@code content} in the blob area unless it is there. */
    static void keep(BlobStore blobs, byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        if (blobs.contains(digest)) {
            return;
        }
        try (BlobStore.Writer writer = blobs.create(digest, content.length)) {
            writer.write(content);
            writer.commit();
        }
    }

    /** Lets the gzip stream end without closing the blob writer, which must still be committed. */
    private static final class Unclosed extends java.io.FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
