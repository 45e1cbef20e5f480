package io.imagestore.fs;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.ReferenceConflictException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A build staged under {@code .imagestore/staging/} (see {@link Staging} for the protocol). A commit
 * that fails before the staged image moved may be retried; closing an uncommitted build discards it,
 * or completes an interrupted swap when the previous image could not be put back. Thread-safe.
 */
final class FsImageBuild implements ImageBuild {
    private enum State { OPEN, COMMITTED, CLOSED }

    private final FsLocalImageStore store;
    private final ImageReference reference;
    private final Staging.Entry entry;
    private State state = State.OPEN;

    FsImageBuild(FsLocalImageStore store, ImageReference reference, Staging.Entry entry) {
        this.store = store;
        this.reference = reference;
        this.entry = entry;
    }

    @Override
    public ImageReference reference() {
        return reference;
    }

    @Override
    public Path rootfs() {
        return entry.rootfs();
    }

    @Override
    public synchronized void writeFile(String name, byte[] content) {
        if (!FILES_BESIDE_ROOTFS.contains(name)) {
            throw new IllegalArgumentException("a build may write only " + FILES_BESIDE_ROOTFS
                    + " beside its rootfs, not " + name);
        }
        requireOpen();
        store.writeBeside(entry, name, content);
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the build of " + reference + " is already "
                    + (state == State.COMMITTED ? "committed" : "closed") + "; begin a new build");
        }
    }

    @Override
    public synchronized LocalImageMetadata commit(LocalImageMetadata metadata) {
        requireOpen();
        if (!metadata.imageReference().equals(reference)) {
            throw new ReferenceConflictException(reference.toString(), metadata.reference(), entry.path().toString());
        }
        try {
            LocalImageMetadata stored = store.commit(entry, metadata);
            end();
            return stored;
        } catch (RuntimeException e) {
            if (Files.notExists(entry.image(), LinkOption.NOFOLLOW_LINKS)) {
                end();
            }
            throw e;
        }
    }

    private void end() {
        state = State.COMMITTED;
        store.staging().discard(entry);
    }

    @Override
    public synchronized void close() {
        if (state == State.OPEN) {
            state = State.CLOSED;
            store.staging().settle(entry);
        }
    }

    @Override
    public String toString() {
        return "ImageBuild{" + reference + ", " + entry.path() + ", " + state + "}";
    }
}
