package io.imagestore.tests.powerloss;

import io.imagestore.fs.Durability;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.tests.testfs.TestFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cuts the power at every step of a store operation and checks what a reboot finds.
 *
 * <p>For a scenario (a durable starting state, one operation, and a check), the harness first runs the
 * operation once on a {@link TestFileSystem} to count its disk-changing steps N. Then for every k in
 * 0..N it starts again from the same state, cuts the power after k steps, and materialises what survives
 * twice: only what was fsynced, and (ext4 with delayed allocation) every directory operation with
 * un-synced file bytes old, new or torn, chosen by a seeded random. A fresh store opened on each outcome
 * (which runs its recovery) must pass the check, told whether the operation had returned (been
 * acknowledged) before the cut. Violations are collected, not thrown, so a test can also prove that a
 * broken store does fail.
 */
final class PowerLossHarness {
    /** Builds the durable state the operation starts from, with a normal store on a real directory. */
    interface Setup {
        void prepare(FsLocalImageStore store) throws Exception;
    }

    /** The operation under test, on a store over the test file system. */
    interface Action {
        void run(FsLocalImageStore store) throws Exception;
    }

    /** Checks a recovered store; throws (an {@link AssertionError}) on a violation. */
    interface Check {
        void verify(FsLocalImageStore recovered, Path root, boolean acknowledged) throws Exception;
    }

    private final Path temp;
    private final long seed;
    private final Durability durability;
    private final Predicate<Path> ignoredForce;
    private int cases;

    PowerLossHarness(Path temp, long seed, Durability durability, Predicate<Path> ignoredForce) {
        this.temp = temp;
        this.seed = seed;
        this.durability = durability;
        this.ignoredForce = Objects.requireNonNull(ignoredForce, "ignoredForce");
    }

    /** How many crash outcomes the last {@link #run} checked. */
    int cases() {
        return cases;
    }

    /** Runs {@code name}; returns one line per violation (empty when the store survived every cut). */
    List<String> run(String name, Setup setup, Action action, Check check) throws Exception {
        int steps = countSteps(name, setup, action);
        List<String> violations = new ArrayList<>();
        cases = 0;
        for (int k = 0; k <= steps; k++) {
            for (int mode = 0; mode < 2; mode++) {
                String label = name + " cut after step " + k + "/" + steps
                        + (mode == 0 ? " (only fsynced data survives)" : " (journaled metadata, seed " + seed + ")");
                crashOnce(label, setup, action, check, k, mode == 0 ? null : new Random(seed + k))
                        .ifPresent(violations::add);
                cases++;
            }
        }
        return violations;
    }

    private int countSteps(String name, Setup setup, Action action) throws Exception {
        Path disk = prepared(name + "-count", setup);
        TestFileSystem fs = TestFileSystem.over(disk);
        try (FsLocalImageStore store = open(fs)) {
            int before = fs.steps();
            action.run(store);
            return fs.steps() - before;
        }
    }

    private Optional<String> crashOnce(String label, Setup setup, Action action, Check check, int k,
            Random random) throws Exception {
        Path disk = prepared(label.replaceAll("[^A-Za-z0-9]+", "-"), setup);
        TestFileSystem fs = TestFileSystem.over(disk);
        boolean acknowledged;
        Throwable failure = null;
        int opened;
        try (FsLocalImageStore store = open(fs)) {
            opened = fs.steps();
            fs.cutPowerAfter(k);
            try {
                action.run(store);
                acknowledged = true;
            } catch (Exception | AssertionError e) {
                acknowledged = false;
                failure = e;
            }
        }
        Path after = temp.resolve("after-" + disk.getFileName());
        if (random == null) {
            fs.crash(after);
        } else {
            fs.crash(after, random);
        }
        try (FsLocalImageStore recovered = FsLocalImageStore.open(after)) {
            check.verify(recovered, after, acknowledged);
            return Optional.empty();
        } catch (Exception | AssertionError violation) {
            return Optional.of(label + (acknowledged ? ", acknowledged" : ", interrupted by " + failure)
                    + ": " + violation + "\n    steps after the open: " + fs.trace().subList(opened, fs.trace().size())
                    + "\n    after reboot: " + tree(after));
        }
    }

    private FsLocalImageStore open(TestFileSystem fs) {
        fs.ignoreForce(ignoredForce);
        return FsLocalImageStore.builder(fs.root()).durability(durability).open();
    }

    private Path prepared(String name, Setup setup) throws Exception {
        Path disk = Files.createDirectories(temp.resolve(name));
        try (FsLocalImageStore store = FsLocalImageStore.open(disk)) {
            setup.prepare(store);
        }
        return disk;
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(path -> root.relativize(path).toString()).sorted().collect(Collectors.toList());
        }
    }
}
