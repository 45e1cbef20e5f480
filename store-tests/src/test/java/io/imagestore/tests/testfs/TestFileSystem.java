package io.imagestore.tests.testfs;

import io.imagestore.fs.testing.DelegatingFileSystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A file system for tests, in the spirit of Lucene's {@code MockDirectoryWrapper}: it wraps a real
 * directory (the "disk") of the default file system, runs every operation on it, and on the way
 * <ul>
 *   <li>injects {@link Fault faults} (ENOSPC, EIO from fsync or rename, a read-only file system,
 *       permission denied), so that error paths run against real files;
 *   <li>counts the operations that change the disk ({@link Operation#isMutation()}), and can
 *       {@link #cutPowerAfter cut the power} after any number of them: from then on every operation throws
 *       {@link PowerCutException};
 *   <li>records what was made durable ({@link DurableState}: bytes by {@code force} on the file, directory
 *       entries by {@code force} on the directory) and {@link #crash(Path) materialises} into a fresh
 *       directory what a power loss would leave.
 * </ul>
 * Code under test sees only paths of this file system ({@link #root()}); a path of another file system
 * is refused with {@code ProviderMismatchException}, and {@code toFile()} throws, so nothing can bypass it
 * unnoticed.
 */
public final class TestFileSystem extends DelegatingFileSystem {
    private final TestFileSystemProvider provider = new TestFileSystemProvider(this);
    private final Path disk;
    private final DurableState state;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Predicate<Path>> ignoredForces = new CopyOnWriteArrayList<>();
    private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    private int steps;
    private int powerCutAt = -1;
    private boolean powerCut;

    private TestFileSystem(Path disk) throws IOException {
        this.disk = disk.toAbsolutePath().normalize();
        this.state = DurableState.of(this.disk);
    }

    /**
     * Wraps the existing directory {@code disk}; whatever it holds now counts as durable.
     *
     * @throws IOException when {@code disk} cannot be read
     */
    public static TestFileSystem over(Path disk) throws IOException {
        if (!Files.isDirectory(disk)) {
            throw new IOException("not a directory: " + disk);
        }
        return new TestFileSystem(disk);
    }

    /** The disk's top directory, as a path of this file system. */
    public Path root() {
        return wrap(disk);
    }

    /** Adds a fault; it applies to every later operation until {@link #clearFaults()}. */
    public void inject(Fault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
    }

    /** Removes every fault. */
    public void clearFaults() {
        faults.clear();
    }

    /**
     * Makes {@code force} on matching paths succeed without making anything durable: a disk that lies about
     * fsync, or equivalently a program with that fsync removed.
     */
    public void ignoreForce(Predicate<Path> where) {
        ignoredForces.add(Objects.requireNonNull(where, "where"));
    }

    /** How many disk-changing operations have run (or been cut) so far. */
    public synchronized int steps() {
        return steps;
    }

    /**
     * Cuts the power once {@code count} more disk-changing operations have run: the next one, and every
     * operation after it, throws {@link PowerCutException} without touching the disk.
     */
    public synchronized void cutPowerAfter(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        powerCutAt = steps + count;
    }

    /** Whether the power has been cut. */
    public synchronized boolean isPowerCut() {
        return powerCut;
    }

    /** The disk-changing operations so far, one line each ({@code MOVE a -> b}), for failure messages. */
    public List<String> trace() {
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    /**
     * Cuts the power and writes into {@code target} (created if missing, must be empty) exactly what was made
     * durable: the state a machine would find after rebooting.
     *
     * @throws IOException when the target cannot be written
     */
    public Path crash(Path target) throws IOException {
        cutPower();
        state.materialise(target);
        return target;
    }

    /**
     * Cuts the power and writes into {@code target} what a journaling file system with delayed allocation may
     * leave: every directory entry as it is now, and for each file, chosen by {@code random}, its durable
     * bytes, its current bytes or a torn prefix of them.
     *
     * @throws IOException when the target cannot be written
     */
    public Path crash(Path target, Random random) throws IOException {
        cutPower();
        state.materialise(target, random);
        return target;
    }

    private synchronized void cutPower() {
        powerCut = true;
    }

    DurableState state() {
        return state;
    }

    void before(Operation operation, Path... paths) throws IOException {
        for (Fault fault : faults) {
            for (Path path : paths) {
                IOException error = fault.check(operation, path);
                if (error != null) {
                    throw error;
                }
            }
        }
        if (!operation.isMutation()) {
            checkPower(operation, paths[0]);
            return;
        }
        synchronized (this) {
            checkPower(operation, paths[0]);
            steps++;
            if (powerCutAt >= 0 && steps > powerCutAt) {
                powerCut = true;
                throw new PowerCutException(operation, paths[0].toString(), steps);
            }
        }
        trace.add(operation + " " + describe(paths));
    }

    private static String describe(Path... paths) {
        StringBuilder out = new StringBuilder(paths[0].toString());
        for (int i = 1; i < paths.length; i++) {
            out.append(" -> ").append(paths[i]);
        }
        return out.toString();
    }

    private synchronized void checkPower(Operation operation, Path path) throws PowerCutException {
        if (powerCut) {
            throw new PowerCutException(operation, path.toString(), steps);
        }
    }

    boolean forceIsIgnored(Path path) {
        return ignoredForces.stream().anyMatch(where -> where.test(path));
    }

    void synced(TestFileChannel channel) throws IOException {
        if (channel.isDirectory()) {
            state.directorySynced(channel.realPath());
        } else {
            state.fileSynced(channel.fileKey(), channel.contentForSync());
        }
    }

    @Override
    protected URI uriOf(Path real) {
        return URI.create(TestFileSystemProvider.SCHEME + "://" + real.toAbsolutePath().toUri().getRawPath());
    }

    @Override
    protected Path toRealPath(Path path, LinkOption... options) throws IOException {
        before(Operation.STAT, path);
        return super.toRealPath(path, options);
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    /** Removes every fault; the disk is a plain directory the test owns, and stays. */
    @Override
    public void close() {
        faults.clear();
    }

    @Override
    public String toString() {
        return "TestFileSystem[" + disk + "]";
    }
}
