package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullImageRequest;
import io.imagestore.api.wire.PullImageResponse;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.BlobSource;
import io.imagestore.oci.Descriptor;
import io.imagestore.oci.ImageConfig;
import io.imagestore.oci.ImageIndex;
import io.imagestore.oci.ImageManifest;
import io.imagestore.oci.ImageUnpacker;
import io.imagestore.oci.NoMatchingPlatformException;
import io.imagestore.oci.ProgressListener;
import io.imagestore.oci.UnpackOptions;
import io.imagestore.oci.UnpackedImage;
import io.imagestore.oci.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Pulls images from registries into a store. The tag (or digest) is resolved to a manifest, through an
 * index by platform ({@link ImageIndex#select}: the host's by default; a Darwin image is never chosen for
 * a Linux request); the config and the layers missing from the store's blob area are downloaded, at most
 * {@link RegistryOptions#maxConcurrentDownloads()} at once, each verified while it streams and resumed
 * with {@code Range} after a broken connection: the first layer to apply goes straight from the registry
 * through the unpacker (extraction starts at once, and the layer is written once), the others are fetched
 * ahead into the blob area by the remaining download slots (with one slot, every layer is streamed in
 * turn). The layers are applied in order by the {@link ImageUnpacker} inside one {@code beginBuild → commit}, so nothing half-pulled is ever visible
 * and the previous image of the reference stays whole until the new one replaces it. Blobs fetched
 * before a failure stay in the blob area, and the next pull uses them. A pull records the repository
 * as where its config and layers are ({@link io.imagestore.fs.BlobStore#origins}), for a later push's
 * cross-repository mounts.
 *
 * <p>Progress goes to a {@link PullListener} in Docker's vocabulary: {@code Pulling from REPO},
 * per layer {@code Pulling fs layer} or {@code Already exists}, {@code Waiting}, {@code Downloading},
 * {@code Verifying Checksum}, {@code Download complete}, {@code Extracting}, {@code Pull complete}; then
 * {@code Digest: …}, {@code Status: …} and one {@code Done}.
 */
public final class ImagePuller {
    private static final int MAX_CONFIG_BYTES = 8 << 20;
    private static final int MAX_INDEX_DEPTH = 4;

    private final FsLocalImageStore store;
    private final RegistryOptions options;

    /** A puller into {@code store} with {@code options}. */
    public ImagePuller(FsLocalImageStore store, RegistryOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Pulls as the seed's request says: its policy (default {@code always}), its inline credentials
     * ({@code registry_auth}, which win over the options' credentials), for the host's platform.
     *
     * @throws RegistryException when a {@code registry_credential_id} is given without {@code registry_auth}
     *     (credential ids are the daemon's; this library needs the credentials themselves)
     */
    public PullImageResponse pull(PullImageRequest request, PullListener listener) {
        ImagePuller puller = this;
        if (request.registryAuth().isPresent()) {
            Credentials credentials = Credentials.of(request.registryAuth().get());
            puller = new ImagePuller(store, options.toBuilder().credentials(RegistryCredentials.always(credentials)).build());
        } else if (request.registryCredentialId().isPresent()) {
            throw new RegistryException("registry_credential_id " + request.registryCredentialId().get()
                    + " names a credential kept by the daemon; give registry_auth (or --creds) instead");
        }
        return puller.pull(request.reference(), request.pullPolicy().orElse(PullPolicy.ALWAYS), Platform.host(),
                listener);
    }

    /**
     * Pulls {@code reference} for {@code platform} as {@code policy} says: {@code always} resolves it
     * again (an unchanged digest is a no-op that says so), {@code if_not_present} uses a stored image,
     * {@code never} only a stored image.
     *
     * @return the image's reference, manifest digest and size
     * @throws ImageNotFoundException when the policy is {@code never} and the image is not stored
     * @throws RemoteImageNotFoundException when the registry does not have it
     * @throws NoMatchingPlatformException when the index offers nothing for {@code platform} (naming what it offers)
     * @throws RegistryAuthenticationException when credentials are missing or refused
     * @throws RegistryException when the registry fails, cannot be reached, or serves content that does not verify
     */
    public PullImageResponse pull(ImageReference reference, PullPolicy policy, Platform platform,
            PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(platform, "platform");
        ProgressEvents events = new ProgressEvents(Objects.requireNonNull(listener, "listener"));
        Optional<LocalImageMetadata> stored = store.read(reference);
        if (policy != PullPolicy.ALWAYS && stored.isPresent()) {
            return upToDate(reference, stored.get(), events);
        }
        if (policy == PullPolicy.NEVER) {
            throw new ImageNotFoundException(reference.canonical() + " (the pull policy is never, so it is not pulled)");
        }
        try {
            return new Pull(reference, platform, stored, events).run();
        } catch (IOException e) {
            throw new RegistryException("cannot pull " + reference.canonical() + ": " + RegistryTransport.describe(e), e);
        }
    }

    private static PullImageResponse upToDate(ImageReference reference, LocalImageMetadata stored, ProgressEvents events) {
        events.status("Status: Image is up to date for " + reference.familiar());
        events.done(reference.canonical(), stored.digest());
        return new PullImageResponse(reference, stored.digest(), stored.size());
    }

    /** One pull's state. */
    private final class Pull {
        private final ImageReference reference;
        private final Platform platform;
        private final Optional<LocalImageMetadata> stored;
        private final ProgressEvents events;
        private final RegistryClient client;
        private final String repository;

        Pull(ImageReference reference, Platform platform, Optional<LocalImageMetadata> stored, ProgressEvents events) {
            this.reference = reference;
            this.platform = platform;
            this.stored = stored;
            this.events = events;
            this.client = new RegistryClient(new RegistryTransport(
                    RegistryEndpoint.of(reference.registry(), options.tlsVerify()), options));
            this.repository = reference.repository();
        }

        PullImageResponse run() throws IOException {
            String tagOrDigest = reference.digest().orElseGet(() -> reference.tag().orElse("latest"));
            events.status(reference.digest().isPresent() ? shortDigest(tagOrDigest) : tagOrDigest,
                    "Pulling from " + repository);
            FetchedManifest manifest = resolve(client.fetchManifest(repository, tagOrDigest), 0);
            ImageManifest parsed = ImageManifest.parse(manifest.bytes());
            byte[] config = fetchConfig(parsed.config());
            checkOs(ImageConfig.parse(config), manifest.digest());
            if (stored.isPresent() && stored.get().digest().equals(Optional.of(manifest.digest().toString()))) {
                recordOrigins(parsed);
                events.status("Digest: " + manifest.digest());
                return upToDate(reference, stored.get(), events);
            }
            UnpackedImage image = download(parsed, manifest.bytes(), config);
            recordOrigins(parsed);
            events.status("Digest: " + manifest.digest());
            events.status("Status: Downloaded newer image for " + reference.familiar());
            events.done(reference.canonical(), Optional.of(manifest.digest().toString()));
            return new PullImageResponse(reference, Optional.of(manifest.digest().toString()), image.metadata().size());
        }

        /** Records this repository as where the config and layers are (those the blob area holds). */
        private void recordOrigins(ImageManifest manifest) {
            Set<Digest> blobs = new HashSet<>();
            blobs.add(manifest.config().digest());
            manifest.layers().forEach(layer -> blobs.add(layer.digest()));
            blobs.forEach(digest -> Origins.record(store.blobs(), digest, reference));
        }

        /** The manifest for the platform: {@code fetched} itself, or the one its index (nested at most 4 deep) selects. */
        private FetchedManifest resolve(FetchedManifest fetched, int depth) throws IOException {
            if (!fetched.isIndex()) {
                return fetched;
            }
            if (depth >= MAX_INDEX_DEPTH) {
                throw new RegistryException("the index of " + reference.canonical() + " nests more than "
                        + MAX_INDEX_DEPTH + " indexes deep");
            }
            Descriptor chosen = ImageIndex.parse(fetched.bytes(), "index " + fetched.digest() + " of "
                    + reference.canonical()).select(platform);
            FetchedManifest next = client.fetchManifest(repository, chosen.digest().toString());
            return resolve(next, depth + 1);
        }

        /** A single manifest's config must at least be of the wanted OS (no Darwin image for a Linux request). */
        private void checkOs(ImageConfig config, Digest manifest) {
            if (!config.platform().os().equals(platform.os())) {
                throw new NoMatchingPlatformException("the manifest " + manifest + " of " + reference.canonical(),
                        platform, List.of(config.platform().toString()));
            }
        }

        private byte[] fetchConfig(Descriptor config) throws IOException {
            if (config.size() > MAX_CONFIG_BYTES || config.size() < 0) {
                throw new RegistryException("the config of " + reference.canonical() + " declares " + config.size()
                        + " bytes; at most " + MAX_CONFIG_BYTES + " are accepted");
            }
            BlobStore blobs = store.blobs();
            if (blobs.contains(config.digest())) {
                try (InputStream in = blobs.open(config.digest())) {
                    return in.readAllBytes();
                }
            }
            HttpResponse<InputStream> response = client.openBlob(repository, config, 0);
            try (InputStream in = new VerifyingInputStream(response.body(), config.digest(), config.size(),
                    "config " + config.digest() + " of " + reference.canonical())) {
                return Bodies.readAtMost(in, MAX_CONFIG_BYTES, "the config of " + reference.canonical());
            }
        }

        private UnpackedImage download(ImageManifest manifest, byte[] manifestJson, byte[] config) throws IOException {
            BlobStore blobs = store.blobs();
            BlobDownloader downloader = new BlobDownloader(client, blobs, options);
            Map<Digest, CompletableFuture<Void>> downloads = new LinkedHashMap<>();
            int prefetching = options.maxConcurrentDownloads() - 1;
            Workers workers = prefetching == 0 ? null : new Workers("imagestore-pull", prefetching);
            Set<Digest> streamed = new HashSet<>();
            try {
                for (Descriptor layer : manifest.layers()) {
                    String id = ProgressEvents.shortId(layer.digest());
                    if (downloads.containsKey(layer.digest())) {
                        continue;
                    }
                    if (blobs.contains(layer.digest())) {
                        events.status(id, ProgressEvents.ALREADY_EXISTS);
                        downloads.put(layer.digest(), CompletableFuture.completedFuture(null));
                        continue;
                    }
                    events.status(id, ProgressEvents.PULLING_FS_LAYER);
                    if (streamed.isEmpty() || workers == null) {
                        streamed.add(layer.digest());
                        downloads.put(layer.digest(), CompletableFuture.completedFuture(null));
                        continue;
                    }
                    downloads.put(layer.digest(), workers.run(() -> fetch(downloader, layer, id)));
                }
                waiting(manifest, downloads, streamed);
                BlobSource source = layer -> streamed.contains(layer.digest()) ? stream(layer)
                        : open(downloads.get(layer.digest()), layer, blobs);
                return ImageUnpacker.unpack(store, reference, manifestJson, config, source, UnpackOptions.defaults(),
                        new Extraction(events));
            } finally {
                if (workers != null) {
                    workers.close();
                }
            }
        }

        /**
         * {@code Waiting} for the layers that wait for a download slot: those queued behind the prefetching
         * threads, and those streamed in turn when there are none.
         */
        private void waiting(ImageManifest manifest, Map<Digest, CompletableFuture<Void>> downloads, Set<Digest> streamed) {
            int queued = 0;
            boolean firstStreamed = true;
            Set<Digest> seen = new HashSet<>();
            for (Descriptor layer : manifest.layers()) {
                if (!seen.add(layer.digest())) {
                    continue;
                }
                boolean waits;
                if (streamed.contains(layer.digest())) {
                    waits = !firstStreamed;
                    firstStreamed = false;
                } else {
                    waits = !downloads.get(layer.digest()).isDone() && ++queued > options.maxConcurrentDownloads() - 1;
                }
                if (waits) {
                    events.status(ProgressEvents.shortId(layer.digest()), ProgressEvents.WAITING);
                }
            }
        }

        /**
         * A streamed layer goes from the registry straight through the unpacker (which keeps it in the blob area
         * as it reads): the first layer to apply that is not stored yet, so that extraction starts at once and
         * that layer is written once, and every layer when one download at a time is allowed.
         */
        private InputStream stream(Descriptor layer) {
            String id = ProgressEvents.shortId(layer.digest());
            return new ResumingBlobStream(client, repository, layer, options, bytes -> {
                events.progress(id, ProgressEvents.DOWNLOADING, bytes, layer.size());
                if (bytes == layer.size()) {
                    events.status(id, ProgressEvents.VERIFYING);
                    events.status(id, ProgressEvents.DOWNLOAD_COMPLETE);
                }
            });
        }

        private void fetch(BlobDownloader downloader, Descriptor layer, String id) {
            try {
                downloader.download(repository, layer, bytes -> events.progress(id, ProgressEvents.DOWNLOADING, bytes,
                        layer.size()));
                events.status(id, ProgressEvents.VERIFYING);
                events.status(id, ProgressEvents.DOWNLOAD_COMPLETE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The layer from the blob area once its download is done; streamed from the registry if it vanished. */
        private InputStream open(CompletableFuture<Void> download, Descriptor layer, BlobStore blobs) throws IOException {
            try {
                download.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for layer " + layer.digest());
            } catch (ExecutionException e) {
                throw Workers.rethrow(e.getCause());
            }
            try {
                return blobs.open(layer.digest());
            } catch (NoSuchFileException e) {
                return client.openBlob(repository, layer, 0).body();
            }
        }

        private String shortDigest(String digest) {
            return digest.substring(digest.indexOf(':') + 1, Math.min(digest.length(), digest.indexOf(':') + 13));
        }
    }

    /** Maps the unpacker's per-layer events onto Docker's {@code Extracting} and {@code Pull complete}. */
    private static final class Extraction implements ProgressListener {
        private final ProgressEvents events;

        Extraction(ProgressEvents events) {
            this.events = events;
        }

        @Override
        public void layerProgress(int index, Descriptor layer, long compressedBytes) {
            events.progress(ProgressEvents.shortId(layer.digest()), ProgressEvents.EXTRACTING, compressedBytes,
                    layer.size());
        }

        @Override
        public void layerDone(int index, Descriptor layer) {
            events.status(ProgressEvents.shortId(layer.digest()), ProgressEvents.PULL_COMPLETE);
        }
    }
}
