package io.imagestore.oci;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces files to disk on a few background threads while the layers are still being written, so that the
 * commit's sync of the whole rootfs (which is what makes the image durable, and still runs) finds them
 * clean: their I/O overlaps with unpacking and with each other, where one thread syncing file after file
 * at the end waits for the disk once per file. A failure here only means the commit syncs that file itself.
 */
final class EarlySync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EarlySync.class);
    private static final int THREADS = 4;
    private static final long STOP_WAIT_SECONDS = 60;

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "imagestore-early-sync");
        thread.setDaemon(true);
        return thread;
    });

    /** Forces {@code file} soon, on a background thread. */
    void submit(Path file) {
        threads.execute(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                LOG.debug("early sync of {} failed ({}); the commit syncs it", file, e.toString());
            }
        });
    }

    /** Waits for the syncs submitted (or gives up after a minute: the commit syncs what is left). */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
