package io.imagestore.api.dispatch;

import io.imagestore.api.CorruptSidecarPolicy;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.api.ResolvedPlatform;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store that knows only resolved platforms and counts how often the router asks; every
 * other operation fails the test, since routing must need nothing else.
 */
final class FakeImageStore implements LocalImageStore {
    private final Map<ImageReference, ResolvedPlatform> platforms = new HashMap<>();
    private final AtomicInteger resolveCalls = new AtomicInteger();
    private final List<CorruptSidecarPolicy> policies = new CopyOnWriteArrayList<>();

    FakeImageStore with(String reference, ResolvedPlatform platform) {
        platforms.put(ImageReference.parse(reference), platform);
        return this;
    }

    int resolveCalls() {
        return resolveCalls.get();
    }

    /** The corrupt-sidecar policy of each resolution asked for, in order. */
    List<CorruptSidecarPolicy> policies() {
        return policies;
    }

    @Override
    public ResolvedPlatform resolvePlatform(ImageReference reference, CorruptSidecarPolicy corruptSidecar) {
        resolveCalls.incrementAndGet();
        policies.add(corruptSidecar);
        ResolvedPlatform platform = platforms.get(reference);
        if (platform == null) {
            throw new ImageNotFoundException(reference.canonical());
        }
        return platform;
    }

    @Override
    public LocalImageMetadata write(LocalImageMetadata metadata) {
        throw new AssertionError("routing must not write sidecars");
    }

    @Override
    public Optional<LocalImageMetadata> read(ImageReference reference) {
        throw new AssertionError("routing must go through resolvePlatform, not read");
    }

    @Override
    public List<LocalImageMetadata> list() {
        throw new AssertionError("routing must not list the store");
    }

    @Override
    public void remove(ImageReference reference, boolean force) {
        throw new AssertionError("routing must not remove images");
    }

    @Override
    public LocalImageMetadata tag(ImageReference source, ImageReference target) {
        throw new AssertionError("routing must not tag images");
    }

    @Override
    public PruneResult prune(PruneOptions options) {
        throw new AssertionError("routing must not prune");
    }

    @Override
    public ImageBuild beginBuild(ImageReference reference) {
        throw new AssertionError("routing must not build images");
    }
}
