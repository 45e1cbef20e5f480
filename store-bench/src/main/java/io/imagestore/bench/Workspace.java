package io.imagestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.commons.io.file.PathUtils;

/**
 * Where benchmark data lives: the directory named by the system property {@value #PROPERTY}, else
 * {@code <java.io.tmpdir>/imagestore-bench}. {@code run.sh} points it under {@code store-bench/target/} and
 * removes it when it ends; every benchmark also deletes what it made in its own tear-down.
 */
final class Workspace {
    /** The system property naming the data directory. */
    static final String PROPERTY = "imagestore.bench.dir";
    /** The store's settling time (2 s) plus a margin. */
    private static final long SETTLE_MILLIS = 2_250;

    private Workspace() {}

    /** The data directory, created if missing. */
    static Path base() {
        String configured = System.getProperty(PROPERTY);
        Path base = configured != null ? Paths.get(configured)
                : Paths.get(System.getProperty("java.io.tmpdir"), "imagestore-bench");
        try {
            return Files.createDirectories(base.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark data directory " + base
                    + "; set -D" + PROPERTY + " to a writable directory", e);
        }
    }

    /** A new, empty directory under {@link #base()} whose name starts with {@code prefix}. */
    static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(base(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory under " + base(), e);
        }
    }

    /**
     * Waits until files written before this call count as settled for the store, which trusts the change
     * token of a sidecar or image directory only once it has been unchanged for 2 s (the "racily clean"
     * rule against inode reuse): without this wait the first 2 s of a read benchmark would measure a store
     * that cannot yet trust them. A file's birth time cannot be set back, so the only way is to let the time
     * pass, here, in a trial's set-up, outside any measurement. The margin covers the kernel's coarse clock.
     */
    static void waitUntilSettledForTheReadCache() {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sidecar to settle", e);
        }
    }

    /** Deletes {@code directory} and everything under it, if it exists. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            PathUtils.deleteDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete benchmark data " + directory + "; remove it by hand", e);
        }
    }
}
