package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.Descriptor;
import io.imagestore.oci.ImageExporter;
import io.imagestore.oci.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Pushes an image of a store to a registry: every blob the manifest names (layers and the config, each
 * once), at most {@link RegistryOptions#maxConcurrentUploads()} at once, through {@link BlobUploader}
 * (skipped when present; else mounted from another repository of the destination's registry that has
 * it: those the blob area recorded for it ({@link io.imagestore.fs.BlobStore#origins}, newest first), then
 * the image's own, at most 3; else uploaded whole or in chunks); each blob pushed is recorded as being in
 * the destination's repository; then, once every blob succeeded, the manifest's exact bytes, so the
 * registry holds the very digest the store records. The first blob to fail cancels the others and is the
 * failure thrown; no manifest is sent then, and no thread of the push outlives it. What is pushed is what {@code save} writes
 * (store-oci's {@link ImageExporter}): an image pulled or loaded pushes its original blobs, kept in the
 * store's blob area, and the {@code manifest.json} kept beside its rootfs; a locally built image gets one
 * reproducible gzip layer and a config made from its rootfs and sidecar, kept, so that a second push
 * uploads nothing.
 *
 * <p>Progress goes to a {@link PullListener} in Docker's push vocabulary: {@code The push refers to
 * repository [R]}, per blob {@code Preparing}, {@code Pushing}, then {@code Pushed}, {@code Layer already
 * exists} or {@code Mounted from R}; then {@code TAG: digest: D size: N} and one {@code Done} (none when
 * the push fails). Blobs pushed at once interleave their events, but the listener is called by one
 * thread at a time.
 */
public final class ImagePusher {
    private final FsLocalImageStore store;
    private final RegistryOptions options;

    /** A pusher from {@code store} with {@code options}. */
    public ImagePusher(FsLocalImageStore store, RegistryOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Pushes the stored image {@code source} as {@code destination} (a tag, or a digest that must be the
     * manifest's).
     *
     * @throws ImageNotFoundException when {@code source} is not stored
     * @throws io.imagestore.api.ImageStoreException when a built image's platform is unknown
     * @throws RegistryAuthenticationException when credentials are missing or refused
     * @throws RegistryException when the registry fails or refuses what was sent, or a blob is missing
     */
    public PushedImage push(ImageReference source, ImageReference destination, PullListener listener) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        ProgressEvents events = new ProgressEvents(Objects.requireNonNull(listener, "listener"));
        if (store.read(source).isEmpty()) {
            throw new ImageNotFoundException(source.canonical());
        }
        try {
            return push(source, destination, ImageExporter.export(store, source).manifest().toJson(), events);
        } catch (IOException e) {
            throw new RegistryException("cannot push " + source.canonical() + " to " + destination.canonical() + ": "
                    + RegistryTransport.describe(e), e);
        }
    }

    private PushedImage push(ImageReference source, ImageReference destination, byte[] manifestJson,
            ProgressEvents events) throws IOException {
        ImageManifest manifest = ImageManifest.parse(manifestJson);
        RegistryClient client = new RegistryClient(new RegistryTransport(
                RegistryEndpoint.of(destination.registry(), options.tlsVerify()), options));
        BlobUploader uploader = new BlobUploader(client, options.chunkSize());
        events.status("The push refers to repository [" + destination.registry() + "/" + destination.repository()
                + "]");
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        manifest.layers().forEach(layer -> blobs.putIfAbsent(layer.digest(), layer));
        blobs.putIfAbsent(manifest.config().digest(), manifest.config());
        List<Callable<BlobUploader.Result>> uploads = new ArrayList<>();
        for (Descriptor blob : blobs.values()) {
            events.status(ProgressEvents.shortId(blob.digest()), ProgressEvents.PREPARING);
            uploads.add(() -> pushBlob(uploader, blob, source, destination, events));
        }
        int[] counts = new int[BlobUploader.Outcome.values().length];
        try (Workers workers = new Workers("imagestore-push", Math.min(options.maxConcurrentUploads(), uploads.size()))) {
            workers.all(uploads).forEach(result -> counts[result.outcome().ordinal()]++);
        }
        Digest digest = putManifest(client, uploader, destination, manifest.mediaType(), manifestJson);
        String tag = destination.tag().orElse(digest.toString());
        events.status(tag + ": digest: " + digest + " size: " + manifestJson.length);
        events.done(destination.canonical(), Optional.of(digest.toString()));
        return new PushedImage(destination, digest, counts[BlobUploader.Outcome.UPLOADED.ordinal()],
                counts[BlobUploader.Outcome.MOUNTED.ordinal()], counts[BlobUploader.Outcome.EXISTED.ordinal()]);
    }

    /** Pushes one blob (on a worker thread) and says how it went. */
    private BlobUploader.Result pushBlob(BlobUploader uploader, Descriptor blob, ImageReference source,
            ImageReference destination, ProgressEvents events) throws IOException {
        String id = ProgressEvents.shortId(blob.digest());
        BlobUploader.Result result = uploader.push(destination.repository(), blob, kept -> openKept(kept, source),
                Origins.candidates(store.blobs(), blob.digest(), source, destination),
                bytes -> events.progress(id, ProgressEvents.PUSHING, bytes, blob.size()));
        Origins.record(store.blobs(), blob.digest(), destination);
        events.status(id, switch (result.outcome()) {
            case EXISTED -> ProgressEvents.LAYER_EXISTS;
            case MOUNTED -> "Mounted from " + result.mountedFrom().orElseThrow();
            case UPLOADED -> ProgressEvents.PUSHED;
        });
        return result;
    }

    private InputStream openKept(Descriptor blob, ImageReference source) throws IOException {
        BlobStore blobs = store.blobs();
        try {
            return blobs.open(blob.digest());
        } catch (NoSuchFileException e) {
            throw new RegistryException("blob " + blob.digest() + " of image " + source.canonical() + " is not in the "
                    + "store's blob area " + blobs.directory() + " (pruned, or stored without keeping blobs); pull or "
                    + "load the image again to push it", e);
        }
    }

    private static Digest putManifest(RegistryClient client, BlobUploader uploader, ImageReference destination,
            String mediaType, byte[] manifestJson) throws IOException {
        Digest digest = RegistryClient.digestOf(manifestJson, Digest.SHA256);
        if (destination.digest().isPresent() && destination.tag().isEmpty()
                && !destination.digest().get().equals(digest.toString())) {
            throw new RegistryException("cannot push the manifest " + digest + " as " + destination.canonical()
                    + ": the digests differ");
        }
        String target = destination.tag().orElse(digest.toString());
        String repository = destination.repository();
        RegistryRequest put = RegistryRequest.of("PUT", "/v2/" + repository + "/manifests/" + target,
                Scope.push(repository)).header("Content-Type", mediaType).body(RegistryRequest.Body.of(manifestJson));
        HttpResponse<InputStream> response = client.transport().send(put);
        if (response.statusCode() != 201) {
            throw RegistryErrors.unexpected(client.transport(), put, response, "the manifest of "
                    + destination.canonical());
        }
        Bodies.discard(response.body());
        uploader.checkClaimedDigest(response, digest, "the manifest");
        return digest;
    }
}
