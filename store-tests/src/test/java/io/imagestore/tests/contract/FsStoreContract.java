package io.imagestore.tests.contract;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.ImageLock;
import io.imagestore.fs.Layout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@link LocalImageStoreContract} for {@link FsLocalImageStore} in one layout. */
abstract class FsStoreContract extends LocalImageStoreContract {
    private final Layout layout;

    FsStoreContract(Layout layout) {
        this.layout = layout;
    }

    @Override
    protected LocalImageStore open(Path root, Predicate<ImageReference> inUse, Duration lockTimeout) {
        return FsLocalImageStore.builder(root).layout(layout).inUse(inUse).lockTimeout(lockTimeout).open();
    }

    @Override
    protected Path sidecarFile(LocalImageStore store, ImageReference reference) {
        return ((FsLocalImageStore) store).imageDirectory(reference).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
    }

    /** Another store instance takes the lock on its own thread (an image lock belongs to its thread). */
    @Override
    protected AutoCloseable holdLock(Path root, ImageReference reference) throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<Void> holder = thread.submit(() -> {
            try (FsLocalImageStore other = FsLocalImageStore.builder(root).layout(layout).open();
                    ImageLock lock = other.lock(reference)) {
                taken.countDown();
                release.await();
            }
            return null;
        });
        thread.shutdown();
        while (!taken.await(100, TimeUnit.MILLISECONDS)) {
            if (holder.isDone()) {
                holder.get();
                throw new AssertionError("the lock holder of " + reference + " ended without taking the lock");
            }
        }
        return () -> {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        };
    }

    @Override
    protected void close(LocalImageStore store) {
        ((FsLocalImageStore) store).close();
    }
}
