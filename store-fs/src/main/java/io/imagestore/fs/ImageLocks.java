package io.imagestore.fs;

import io.imagestore.api.LockTimeoutException;
import io.imagestore.fs.LockRegistry.Lease;
import io.imagestore.fs.LockRegistry.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which lock files guard an image, and how several are taken without deadlock.
 *
 * <p>Format: {@code .imagestore/locks/stripe-NNNN.lock}, {@code NNNN} from {@code 0000} to
 * {@code 1023}: always empty, created on first use, never deleted, so a store of any size has at
 * most 1024 lock files. An image is guarded by the stripes of its lock keys (see
 * {@link ImageDirectories#lockKeys}); a key's stripe is the 32-bit FNV-1a hash of its UTF-8 bytes,
 * modulo 1024. The stripe count and hash are part of the on-disk protocol: every process that opens a
 * store must agree on them. Two images may share a stripe; they then merely wait for each other.
 *
 * <p>A {@link Plan} collects the stripes of every image an operation touches; they are taken in
 * ascending order, each once, in the strongest mode asked for, so operations on several images (tag,
 * prune) never deadlock with each other. The whole plan shares one deadline; on a timeout the stripes
 * already taken are released and {@link LockTimeoutException} names the images.
 */
final class ImageLocks {
    /** How many lock files a store has. */
    static final int STRIPES = 1024;
    /** The longest wait honoured; longer timeouts mean "wait forever" and are cut to this. */
    private static final Duration LONGEST_WAIT = Duration.ofDays(365L * 100);

    private final Path lockDirectory;
    private final Duration timeout;
    private final LockRegistry registry;
    private final AtomicReferenceArray<Path> lockFiles = new AtomicReferenceArray<>(STRIPES);

    ImageLocks(Path lockDirectory, Duration timeout, LockRegistry registry) {
        this.lockDirectory = lockDirectory;
        this.timeout = timeout;
        this.registry = registry;
    }

    /** A new, empty plan for locking what {@code what} names (used in timeout messages). */
    static Plan plan(String what) {
        return new Plan(what);
    }

    /** The stripe of a lock key. */
    static int stripe(String key) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return Integer.remainderUnsigned(hash, STRIPES);
    }

    /** The lock file of {@code stripe} (its path made once per store and stripe). */
    Path lockFile(int stripe) {
        Path file = lockFiles.get(stripe);
        if (file == null) {
            file = lockDirectory.resolve(fileName(stripe));
            lockFiles.set(stripe, file);
        }
        return file;
    }

    /** {@code stripe-NNNN.lock}, without {@code String.format}. */
    private static String fileName(int stripe) {
        String digits = Integer.toString(stripe);
        return "stripe-" + "0000".substring(digits.length()) + digits + ".lock";
    }

    /**
     * Takes every stripe of {@code plan}, waiting up to the store's lock timeout.
     *
     * @throws LockTimeoutException when they are not all taken in time
     */
    Held acquire(Plan plan) {
        Duration wait = timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout;
        Optional<Held> held = take(plan, System.nanoTime() + wait.toNanos());
        if (held.isEmpty()) {
            throw new LockTimeoutException(plan.what, timeout);
        }
        return held.get();
    }

    /** Takes every stripe of {@code plan} if none is held elsewhere right now; empty otherwise. */
    Optional<Held> tryAcquire(Plan plan) {
        return take(plan, System.nanoTime());
    }

    private Optional<Held> take(Plan plan, long deadlineNanos) {
        Held held = new Held();
        try {
            for (Map.Entry<Integer, Mode> stripe : plan.stripes.entrySet()) {
                Optional<Lease> lease = registry.acquire(lockFile(stripe.getKey()), stripe.getValue(), deadlineNanos);
                if (lease.isEmpty()) {
                    held.close();
                    return Optional.empty();
                }
                held.leases.add(lease.get());
            }
            return Optional.of(held);
        } catch (RuntimeException e) {
            try {
                held.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The stripes one operation needs, with the strongest mode asked for each. */
    static final class Plan {
        private final String what;
        private final TreeMap<Integer, Mode> stripes = new TreeMap<>();

        private Plan(String what) {
            this.what = what;
        }

        /** Adds the stripes of {@code keys} in {@code mode} (exclusive wins over shared). */
        Plan add(Collection<String> keys, Mode mode) {
            for (String key : keys) {
                stripes.merge(stripe(key), mode, (a, b) -> a == Mode.EXCLUSIVE ? a : b);
            }
            return this;
        }

        /** The stripes in locking order, for tests. */
        List<Integer> stripes() {
            return new ArrayList<>(stripes.keySet());
        }
    }

    /** Every lease of a plan; closing releases them in reverse order, keeping the first failure. */
    static final class Held implements AutoCloseable {
        private final List<Lease> leases = new ArrayList<>();

        private Held() {}

        @Override
        public void close() {
            RuntimeException failure = null;
            for (int i = leases.size() - 1; i >= 0; i--) {
                try {
                    leases.get(i).close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            leases.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
