package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The process-wide registry of lock files: the only code that opens, locks, unlocks or closes them.
 *
 * <p>Two layers, as in Lucene's {@code NativeFSLockFactory}. Inside the JVM each lock file (keyed by
 * its path, which callers derive from the store's real root) has one entry holding a
 * {@link ReentrantReadWriteLock}, a hold count and <em>one</em> open {@link FileChannel}. Across
 * processes, {@link FileChannel#tryLock} on that channel locks the dedicated, always-empty file. POSIX
 * drops every lock a process holds on a file as soon as <em>any</em> descriptor of that file is
 * closed, so the registry never opens a second channel to a file while the first is open, and closes a
 * channel only when no lease or acquisition of it is outstanding.
 *
 * <p><b>Acquire</b>: take the in-JVM lock (shared or exclusive) before the deadline; the first holder
 * then takes the OS lock of the same mode, polling {@code tryLock} with a growing back-off (0.1 to 0.5 ms)
 * until the deadline; later holders only count a hold. When the OS lock fails or times out, the in-JVM
 * lock is released again.
 *
 * <p><b>Fairness across processes.</b> Inside a JVM the next waiting thread takes the lock microseconds
 * after the previous one releases it, while another process only notices a free lock when its poll
 * comes round; so a busy JVM would keep the lock almost always. The OS cannot tell this JVM whether
 * another process waits, so each entry counts its consecutive in-JVM hand-overs (releases of the OS
 * lock while another thread of this JVM waited for it); after {@value #FAIR_HANDOVERS} of them, the
 * next acquirer leaves the OS lock free for {@link #YIELD_NANOS} (longer than the longest back-off, so
 * any polling process sees it free) before polling itself. That wait happens on the entry's monitor
 * only, never the registry's, and no second channel is ever opened. <b>Release</b>: the last hold releases the OS lock (the channel stays open
 * for the next acquisition), then the in-JVM lock is released. A thread that holds a shared lease and
 * asks for an exclusive one on the same file waits until its deadline: there is no upgrade.
 *
 * <p><b>Hard links.</b> A lock file may also be reachable under another name: a file in a rootfs
 * hard-linked to it shares its inode, and opening and closing that file would drop this process's lock
 * just the same. The registry therefore remembers the file key (device, inode) of every lock file it
 * holds open, and code that opens files of a rootfs asks {@link #refuseLockFile} first.
 *
 * <p><b>Claims</b> are exclusive, non-blocking, and not tied to a thread (a build may be closed by
 * another thread than the one that began it); a claimed file's channel is closed and its entry dropped
 * on release, because claimed files are single-use. A file is used either for leases or for claims.
 */
final class LockRegistry {
    /** The registry every store in this JVM shares. */
    static final LockRegistry INSTANCE = new LockRegistry();

    private static final LazyLogger LOG = new LazyLogger(LockRegistry.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** Consecutive in-JVM hand-overs of one OS lock after which this JVM lets other processes in. */
    static final int FAIR_HANDOVERS = 8;
    /** How long the OS lock is left free after {@link #FAIR_HANDOVERS} hand-overs: twice the longest back-off. */
    static final long YIELD_NANOS = 2 * MAX_BACKOFF_NANOS;

    private final Map<Path, Entry> entries = new HashMap<>();
    /** The file keys of the lock files whose channels are open: no other descriptor of them may be closed. */
    private final Set<Object> openKeys = ConcurrentHashMap.newKeySet();

    /** Whether a lease lets others read too. */
    enum Mode {
        /** Other shared leases may be held at the same time, in this and other processes. */
        SHARED,
        /** No other lease on the file is held anywhere. */
        EXCLUSIVE
    }

    /**
     * Acquires a lease on {@code file} (created if missing) before {@code deadlineNanos} (a
     * {@link System#nanoTime()} value); the calling thread must close it.
     *
     * @return the lease, or empty when the deadline passed first
     * @throws ImageStoreException when the file cannot be opened or locked, or the thread is interrupted
     */
    Optional<Lease> acquire(Path file, Mode mode, long deadlineNanos) {
        Entry entry = retain(file);
        ReentrantReadWriteLock.ReadLock read = entry.jvmLock.readLock();
        Lock jvmLock = mode == Mode.SHARED ? read : entry.jvmLock.writeLock();
        boolean jvmHeld = false;
        try {
            jvmHeld = jvmLock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (jvmHeld && entry.lockOs(mode, deadlineNanos)) {
                return Optional.of(new Lease(this, entry, jvmLock));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(entry, jvmLock, jvmHeld);
            throw new ImageStoreException("interrupted while waiting for lock file " + file, e);
        } catch (IOException | RuntimeException e) {
            fail(entry, jvmLock, jvmHeld);
            throw new ImageStoreException("cannot lock " + file + ": " + e
                    + " (check that the store's .imagestore/locks directory is writable)", e);
        }
        fail(entry, jvmLock, jvmHeld);
        return Optional.empty();
    }

    /**
     * Claims {@code file} (created if missing) exclusively, without waiting; any thread may close the claim.
     *
     * @return the claim, or empty when this or another process holds the file
     * @throws ImageStoreException when the file cannot be opened or locked
     */
    Optional<Lease> tryClaim(Path file) {
        Entry entry = retain(file);
        try {
            if (entry.claim()) {
                return Optional.of(new Lease(this, entry, null));
            }
        } catch (IOException | RuntimeException e) {
            release(entry, true);
            throw new ImageStoreException("cannot lock " + file + ": " + e, e);
        }
        release(entry, true);
        return Optional.empty();
    }

    /** Closes the channels of every idle lock file whose path starts with {@code prefix}. */
    synchronized void closeIdle(Path prefix) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.users == 0 && entry.file.startsWith(prefix)) {
                entry.closeChannel();
                it.remove();
            }
        }
    }

    /**
     * Refuses to let {@code file}, which {@code attributes} describe, be opened when it is one of the lock files
     * this process holds open under another name (a hard link): closing it would drop the lock.
     *
     * @throws ImageStoreException naming the file, when it is
     */
    void refuseLockFile(Path file, BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        if (key != null && attributes.isRegularFile() && openKeys.contains(key)) {
            throw new ImageStoreException("refusing " + file + ": it is a hard link to one of the image store's"
                    + " lock files, and opening it would drop a lock this process holds; remove that link from"
                    + " the rootfs");
        }
    }

    /** Whether some lease or claim on {@code file} is held by this JVM. */
    synchronized boolean isHeld(Path file) {
        Entry entry = entries.get(file);
        return entry != null && entry.isHeld();
    }

    private synchronized Entry retain(Path file) {
        Entry entry = entries.get(file);
        if (entry == null) { // not computeIfAbsent: a command's first lambda costs it about 9 ms of set-up
            entry = new Entry(file, openKeys);
            entries.put(file, entry);
        }
        entry.users++;
        return entry;
    }

    private synchronized void release(Entry entry, boolean forget) {
        entry.users--;
        if (forget && entry.users == 0) {
            entry.closeChannel();
            entries.remove(entry.file, entry);
        }
    }

    private void fail(Entry entry, Lock jvmLock, boolean jvmHeld) {
        if (jvmHeld) {
            jvmLock.unlock();
        }
        release(entry, false);
    }

    /**
     * A held lock on one file; closing it releases the lock (once; later closes do nothing). A lease
     * must be closed by the thread that acquired it (another thread's close is refused before anything
     * is released, so the lease stays whole for its owner); a claim by any thread.
     */
    static final class Lease implements AutoCloseable {
        private final LockRegistry registry;
        private final Entry entry;
        private final Lock jvmLock;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(LockRegistry registry, Entry entry, Lock jvmLock) {
            this.registry = registry;
            this.entry = entry;
            this.jvmLock = jvmLock;
        }

        /**
         * Releases the lock.
         *
         * @throws IllegalStateException when a lease is closed by a thread other than its owner
         */
        @Override
        public void close() {
            if (released.get()) {
                return;
            }
            if (jvmLock != null && !ownedByCurrentThread()) {
                throw new IllegalStateException("the lock on " + entry.file + " was taken by another thread;"
                        + " only that thread can release it");
            }
            if (!released.compareAndSet(false, true)) {
                return;
            }
            entry.unlockOs(jvmLock == null, jvmLock != null && entry.jvmLock.hasQueuedThreads());
            if (jvmLock != null) {
                jvmLock.unlock();
            }
            registry.release(entry, jvmLock == null);
        }

        private boolean ownedByCurrentThread() {
            return jvmLock == entry.jvmLock.writeLock() ? entry.jvmLock.isWriteLockedByCurrentThread()
                    : entry.jvmLock.getReadHoldCount() > 0;
        }
    }

    /** One lock file's state in this JVM. */
    private static final class Entry {
        final Path file;
        final ReentrantReadWriteLock jvmLock = new ReentrantReadWriteLock();
        /** Outstanding acquisitions and leases; guarded by the registry. */
        int users;
        /** Leases sharing the OS lock; guarded by this entry. */
        private int holds;
        private boolean claimed;
        /** Consecutive releases of the OS lock while another thread of this JVM waited; guarded by this entry. */
        private int handovers;
        private FileChannel channel;
        private FileLock osLock;
        /** The registry's keys of open lock files, and this file's key while its channel is open. */
        private final Set<Object> openKeys;
        private Object key;

        Entry(Path file, Set<Object> openKeys) {
            this.file = file;
            this.openKeys = openKeys;
        }

        synchronized boolean isHeld() {
            return claimed || holds > 0;
        }

        synchronized boolean lockOs(Mode mode, long deadlineNanos) throws IOException, InterruptedException {
            if (holds == 0 && handovers >= FAIR_HANDOVERS) {
                handovers = 0;
                yieldToOtherProcesses(deadlineNanos);
            }
            long backoff = MIN_BACKOFF_NANOS;
            while (true) {
                if (holds > 0) {
                    holds++;
                    return true;
                }
                if (!claimed) {
                    FileLock lock = channel().tryLock(0, Long.MAX_VALUE, mode == Mode.SHARED);
                    if (lock != null) {
                        osLock = lock;
                        holds = 1;
                        return true;
                    }
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(backoff, left));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }

        /**
         * Leaves the OS lock free for {@link #YIELD_NANOS} (or until the deadline), unless a shared
         * holder of this JVM takes it meanwhile; the monitor is released while waiting.
         */
        private void yieldToOtherProcesses(long deadlineNanos) throws InterruptedException {
            long until = Math.min(System.nanoTime() + YIELD_NANOS, deadlineNanos);
            for (long left = until - System.nanoTime(); left > 0 && holds == 0; left = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized boolean claim() throws IOException {
            if (claimed || holds > 0) {
                return false;
            }
            FileLock lock = channel().tryLock(0, Long.MAX_VALUE, false);
            if (lock == null) {
                return false;
            }
            osLock = lock;
            claimed = true;
            return true;
        }

        /**
         * Releases a hold, and the OS lock with the last one.
         *
         * @param handingOver whether another thread of this JVM waits for the lock (counted towards a yield)
         */
        synchronized void unlockOs(boolean claim, boolean handingOver) {
            if (claim) {
                claimed = false;
            } else if (--holds > 0) {
                return;
            }
            handovers = handingOver ? handovers + 1 : 0;
            try {
                osLock.release();
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not release the lock on {}; closing its channel, which releases it", file, e);
                closeChannel();
            } finally {
                osLock = null;
                notifyAll();
            }
        }

        synchronized void closeChannel() {
            if (channel == null) {
                return;
            }
            if (key != null) {
                openKeys.remove(key);
                key = null;
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("could not close lock file {}", file, e);
            } finally {
                channel = null;
            }
        }

        private FileChannel channel() throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                // Lock files are never renamed or replaced while open, so the path names the channel's inode.
                key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                if (key != null) {
                    openKeys.add(key);
                }
            }
            return channel;
        }
    }
}
