package io.imagestore.fs;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LockTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of the multi-process tests. Talks to its parent through stdout (one line per
 * event) and stdin (one line per command), never through timing.
 *
 * <ul>
 *   <li>{@code hold ROOT REF}: takes the image lock, prints {@code LOCKED}, waits for a line, releases,
 *       prints {@code RELEASED}.
 *   <li>{@code probe ROOT REF}: tries the image lock without waiting; prints {@code ACQUIRED} or
 *       {@code BUSY}.
 *   <li>{@code await ROOT REF MILLIS}: prints {@code READY}, waits for a line, then takes the image lock
 *       waiting up to MILLIS; prints {@code ACQUIRED} (and releases it) or {@code TIMEOUT}.
 *   <li>{@code build ROOT REF}: begins a build, writes {@code rootfs/file}, prints {@code BUILDING <rootfs>},
 *       waits for a line, commits, prints {@code COMMITTED}.
 *   <li>{@code contend ROOT REF N}: prints {@code READY}, waits for a line, then N times takes the lock,
 *       creates {@code ROOT/inside} exclusively (an existing one is a violation: someone else holds the
 *       lock too), increments the number in {@code ROOT/counter}, deletes {@code inside}, releases;
 *       prints {@code DONE <violations>}.
 * </ul>
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    /** Runs one command; see the class comment. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[1]);
        ImageReference reference = ImageReference.parse(args[2]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Duration timeout = args[0].equals("probe") ? Duration.ZERO
                : args[0].equals("await") ? Duration.ofMillis(Long.parseLong(args[3])) : Duration.ofSeconds(30);
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).lockTimeout(timeout).open()) {
            switch (args[0]) {
                case "hold":
                    hold(store, reference, in);
                    break;
                case "probe":
                    probe(store, reference);
                    break;
                case "await":
                    await(store, reference, in);
                    break;
                case "build":
                    build(store, reference, in);
                    break;
                case "contend":
                    contend(store, reference, in, Integer.parseInt(args[3]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void hold(FsLocalImageStore store, ImageReference reference, BufferedReader in) throws IOException {
        try (ImageLock lock = store.lock(reference)) {
            say("LOCKED");
            in.readLine();
        }
        say("RELEASED");
    }

    private static void probe(FsLocalImageStore store, ImageReference reference) {
        try (ImageLock lock = store.lock(reference)) {
            say("ACQUIRED");
        } catch (LockTimeoutException e) {
            say("BUSY");
        }
    }

    private static void await(FsLocalImageStore store, ImageReference reference, BufferedReader in)
            throws IOException {
        say("READY");
        in.readLine();
        try (ImageLock lock = store.lock(reference)) {
            say("ACQUIRED");
        } catch (LockTimeoutException e) {
            say("TIMEOUT");
        }
    }

    private static void build(FsLocalImageStore store, ImageReference reference, BufferedReader in)
            throws IOException {
        try (ImageBuild build = store.beginBuild(reference)) {
            Files.writeString(build.rootfs().resolve("file"), "content");
            say("BUILDING " + build.rootfs());
            in.readLine();
            build.commit(LocalImageMetadata.of(reference.original(), "linux", "arm64"));
        }
        say("COMMITTED");
    }

    private static void contend(FsLocalImageStore store, ImageReference reference, BufferedReader in, int rounds)
            throws IOException {
        say("READY");
        in.readLine();
        Path inside = store.root().resolve("inside");
        Path counter = store.root().resolve("counter");
        int violations = 0;
        for (int i = 0; i < rounds; i++) {
            try (ImageLock lock = store.lock(reference)) {
                try {
                    Files.createFile(inside);
                } catch (FileAlreadyExistsException e) {
                    violations++;
                }
                int count = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
                Files.writeString(counter, Integer.toString(count + 1));
                Files.deleteIfExists(inside);
            }
        }
        say("DONE " + violations);
    }
}
