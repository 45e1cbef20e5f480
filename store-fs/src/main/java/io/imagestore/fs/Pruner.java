package io.imagestore.fs;

import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.api.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code prune}: removes, in this order, dead builds in staging (interrupted commits are completed),
 * the trash, stale temp files, incomplete image directories (default layout only: in the zlayer layout
 * a directory without a sidecar may be an image built before sidecars existed) and, when asked, every
 * complete image not in use; then the blobs no image refers to ({@link BlobStore}). Leftovers must be older than the grace period (by their last-modified
 * time) and free of locks; an image or directory another process holds is skipped, never waited for.
 * Damage stays confined: an entry that cannot be examined or removed is logged and skipped.
 */
final class Pruner {
    private static final LazyLogger LOG = new LazyLogger(Pruner.class);

    private final FsLocalImageStore store;
    private final Staging staging;
    private final Trash trash;
    private final ImageLeftovers leftovers;
    private final List<String> deleted = new ArrayList<>();
    private long bytes;

    Pruner(FsLocalImageStore store, Staging staging, Trash trash, ImageLeftovers leftovers) {
        this.store = store;
        this.staging = staging;
        this.trash = trash;
        this.leftovers = leftovers;
    }

    /** Prunes leftovers last modified before {@code cutoff} (and unused images, when asked). */
    PruneResult run(PruneOptions options, Instant cutoff) {
        boolean apply = !options.dryRun();
        record(staging.recover(apply, cutoff));
        record(trash.leftovers(apply, cutoff));
        for (String name : store.imageNames()) {
            try {
                pruneLeftovers(name, apply, cutoff);
            } catch (ImageStoreException e) {
                LOG.warn("not pruning {}: {}", store.root().resolve(name), e.getMessage());
            }
        }
        if (options.allUnused()) {
            for (LocalImageMetadata image : store.list()) {
                try {
                    pruneImage(image.imageReference(), options.dryRun());
                } catch (ImageStoreException e) {
                    LOG.warn("not pruning {}: {}", image.imageReference(), e.getMessage());
                }
            }
        }
        pruneBlobs(apply, cutoff);
        return PruneResult.of(deleted, bytes);
    }

    /**
     * Removes temp blobs of dead writers and the blobs no image refers to, under the blob area's guard
     * taken without waiting: while a load or save uses the area, its blobs are left for the next prune. A
     * dry run takes no guard (it changes nothing, not even the guard's lock file).
     */
    private void pruneBlobs(boolean apply, Instant cutoff) {
        BlobStore blobs = store.blobs();
        if (!Files.isDirectory(blobs.directory(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Optional<LockRegistry.Lease> guard = apply ? blobs.tryExclusive() : Optional.empty();
        if (apply && guard.isEmpty()) {
            LOG.info("not pruning blobs: a load or save is using {}", blobs.directory());
            return;
        }
        try {
            record(blobs.recover(apply));
            List<Path> images = new ArrayList<>();
            for (String name : store.imageNames()) {
                images.add(store.root().resolve(name));
            }
            Optional<Set<Digest>> referenced = BlobReferences.of(images, LOG);
            if (referenced.isPresent()) {
                record(blobs.removeUnreferenced(referenced.get(), apply, cutoff));
            }
            if (apply) {
                blobs.removeStrayOrigins();
            }
        } catch (IOException | ImageStoreException e) {
            LOG.warn("not pruning blobs in {}: {}", blobs.directory(), e.toString());
        } finally {
            guard.ifPresent(LockRegistry.Lease::close);
        }
    }

    /**
     * An incomplete image first, temp files and all: deleting its temp files first would make the directory
     * look modified after the cutoff, and leave it for the next prune.
     */
    private void pruneLeftovers(String name, boolean apply, Instant cutoff) {
        if (store.layout() == Layout.IMAGESTORE) {
            Optional<Leftover> incomplete = leftovers.incompleteImage(name, apply, cutoff);
            if (incomplete.isPresent()) {
                record(List.of(incomplete.get()));
                return;
            }
        }
        record(leftovers.tempFiles(name, apply, cutoff));
    }

    private void pruneImage(ImageReference reference, boolean dryRun) {
        OptionalLong removed = store.removeIfUnused(reference, dryRun);
        if (removed.isPresent()) {
            deleted.add(reference.canonical());
            bytes += removed.getAsLong();
        }
    }

    private void record(List<Leftover> removed) {
        for (Leftover leftover : removed) {
            deleted.add(store.root().relativize(leftover.path()).toString());
            bytes += leftover.bytes();
        }
    }
}
