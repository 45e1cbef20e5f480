package io.imagestore.oci;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.Durability;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one path from an image's manifest, config and blobs into the store, whatever the source (archive,
 * layout, registry). Each layer blob is streamed once: raw bytes → digest and size check (and, when
 * blobs are kept, the blob area's writer) → decompressor, on a read-ahead thread ({@link ReadAhead}),
 * overlapping with → diff-id digest → tar reader → {@link LayerApplier} writing into the build's staged
 * rootfs, on the caller's thread. Nothing is buffered whole and no layer is
 * ever a temp file unless it is being kept. Blobs already in the blob area are read from there, and a
 * blob that is in the blob area once its source is open (a source that waited for it to be kept) is not
 * written again.
 *
 * <p>Everything happens in one {@code beginBuild → commit}: a failure anywhere (a blob that does not
 * verify, a hostile or truncated layer, a full disk) leaves the store as it was, with no image and no
 * staging leftover. Blobs kept before the failure stay (they are verified, and {@code prune} removes them
 * when no image names them).
 */
public final class ImageUnpacker {
    private static final long PROGRESS_STEP = 1024 * 1024;

    private ImageUnpacker() {}

    /**
     * Stores the image of {@code manifestJson} and {@code configJson} (their exact bytes) under
     * {@code reference}, reading layers from {@code blobs} (or the blob area). The sidecar records the
     * config's platform and creation time, the manifest's digest, and the layers' content size; the
     * config and manifest are kept beside the rootfs as {@code image-config.json} and {@code manifest.json}.
     *
     * @throws OciFormatException when a document is malformed, the config is not the manifest's, or a
     *         layer is malformed or refused ({@link UnsafeLayerException})
     * @throws BlobVerificationException when a blob's digest or size is not the declared one
     * @throws IOException when a blob cannot be read or the rootfs cannot be written
     */
    public static UnpackedImage unpack(FsLocalImageStore store, ImageReference reference, byte[] manifestJson,
            byte[] configJson, BlobSource blobs, UnpackOptions options, ProgressListener listener) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        ImageManifest manifest = ImageManifest.parse(manifestJson);
        ImageConfig config = ImageConfig.parse(configJson);
        checkConfig(manifest, config, configJson);
        BlobStore blobStore = store.blobs();
        try (BlobStore.Retention retention = options.keepBlobs() ? blobStore.retain() : null;
                ImageBuild build = store.beginBuild(reference);
                EarlySync sync = store.durability() == Durability.FSYNC ? new EarlySync() : null) {
            LayerApplier applier = new LayerApplier(build.rootfs(),
                    LayerApplier.runningAsRoot(build.rootfs().getParent()), sync);
            List<Descriptor> layers = manifest.layers();
            for (int i = 0; i < layers.size(); i++) {
                listener.layerStarted(i, layers.size(), layers.get(i));
                applyLayer(blobStore, blobs, options, listener, applier, i, layers.get(i), config.diffIds().get(i),
                        "layer " + (i + 1) + " of " + layers.size() + " (" + layers.get(i).digest() + ")");
                listener.layerDone(i, layers.get(i));
            }
            applier.finish();
            if (sync != null) {
                sync.close();
            }
            if (options.keepBlobs()) {
                ImageExporter.keep(blobStore, configJson);
                ImageExporter.keep(blobStore, manifestJson);
            }
            build.writeFile(ImageBuild.IMAGE_CONFIG_FILE, configJson);
            build.writeFile(ImageBuild.MANIFEST_FILE, manifestJson);
            LocalImageMetadata stored = build.commit(metadata(reference, manifest, config, applier.contentBytes()));
            return new UnpackedImage(reference, stored, manifest.digest(), config.digest(), layers.size());
        }
    }

    private static void checkConfig(ImageManifest manifest, ImageConfig config, byte[] configJson) {
        Descriptor expected = manifest.config();
        if (!expected.digest().equals(Digest.of(expected.digest().algorithm(),
                expected.digest().newHasher().digest(configJson))) || expected.size() != configJson.length) {
            throw new OciFormatException("image config " + config.digest(), "it is not the config manifest "
                    + manifest.digest() + " names (" + expected.digest() + ", " + expected.size() + " bytes)");
        }
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new OciFormatException("manifest " + manifest.digest(), "it has " + manifest.layers().size()
                    + " layers but its config lists " + config.diffIds().size() + " diff_ids");
        }
    }

    private static LocalImageMetadata metadata(ImageReference reference, ImageManifest manifest, ImageConfig config,
            long size) {
        Platform platform = config.platform();
        String architecture = platform.architecture() + platform.variant().map(variant -> "/" + variant).orElse("");
        LocalImageMetadata metadata = LocalImageMetadata.of(reference.original(), platform.os(), architecture)
                .withDigest(manifest.digest().toString()).withSize(size);
        return config.created().isPresent() ? metadata.withCreated(config.created().get()) : metadata;
    }

    private static void applyLayer(BlobStore blobStore, BlobSource blobs, UnpackOptions options,
            ProgressListener listener, LayerApplier applier, int index, Descriptor layer, Digest diffId, String name)
            throws IOException {
        Compression compression = MediaTypes.compressionOf(layer.mediaType());
        Optional<java.nio.file.Path> kept = blobStore.find(layer.digest());
        // The blob area is asked again once the source is open: a source may wait in open() for the blob
        // to be kept by someone else (the puller's downloads ahead) and then read it from there; writing
        // a second copy of it would only cost a write, an fsync and a rename over the same bytes.
        try (InputStream raw = kept.isPresent() ? blobStore.open(layer.digest()) : blobs.open(layer);
                BlobStore.Writer writer = options.keepBlobs() && kept.isEmpty() && !blobStore.contains(layer.digest())
                        ? blobStore.create(layer.digest(), layer.size()) : null) {
            VerifyingInputStream compressed = new VerifyingInputStream(raw, layer.digest(), layer.size(), name);
            Progress source = new Progress(compressed, writer, listener, index, layer);
            try (ReadAhead ahead = new ReadAhead(decompress(compression, source, name), name)) {
                VerifyingInputStream uncompressed = new VerifyingInputStream(ahead, diffId, -1,
                        name + " uncompressed (diff_id " + diffId + ")");
                applier.apply(uncompressed, name);
                try {
                    uncompressed.drain();
                } catch (BlobVerificationException e) {
                    throw e;
                } catch (IOException e) {
                    throw new OciFormatException(name, "its compressed stream is corrupt: " + e.getMessage(), e);
                }
            }
            source.drain();
            if (!compressed.verified()) {
                throw new BlobVerificationException(layer.digest(), name, "it was not read to its end");
            }
            if (writer != null) {
                writer.commit();
            }
        }
    }

    private static InputStream decompress(Compression compression, InputStream source, String name)
            throws IOException {
        try {
            return compression.decompress(source);
        } catch (BlobVerificationException e) {
            throw e;
        } catch (IOException e) {
            throw new OciFormatException(name, "not " + compression.name().toLowerCase(java.util.Locale.ROOT)
                    + " data as its media type says: " + e.getMessage(), e);
        }
    }

    /** Copies what is read into the blob writer (when keeping) and reports progress. */
    private static final class Progress extends ObservedInputStream {
        private final BlobStore.Writer writer;
        private final ProgressListener listener;
        private final int index;
        private final Descriptor layer;
        private long read;
        private long reported;

        Progress(InputStream in, BlobStore.Writer writer, ProgressListener listener, int index, Descriptor layer) {
            super(in);
            this.writer = writer;
            this.listener = listener;
            this.index = index;
            this.layer = layer;
        }

        @Override
        void observe(byte[] buffer, int offset, int length) throws IOException {
            if (writer != null) {
                writer.write(buffer, offset, length);
            }
            read += length;
            if (read - reported >= PROGRESS_STEP) {
                reported = read;
                listener.layerProgress(index, layer, read);
            }
        }

        @Override
        void atEnd() {
            if (reported != read) {
                reported = read;
                listener.layerProgress(index, layer, read);
            }
        }
    }
}
