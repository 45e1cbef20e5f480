package io.imagestore.tests.process;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.api.ReferenceConflictException;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.ImageLock;
import io.imagestore.fs.Layout;
import io.imagestore.tests.support.Sidecars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The program the multi-process tests run in child JVMs ({@link Child}). Every line it prints is flushed at
 * once, so a line the parent has not seen was never printed; the operation log format is {@link OpLog}'s.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code stress ROOT LAYOUT WORKER THREADS MILLIS SEED REFS}: prints {@code READY}, waits for {@code GO}
 *       on stdin, then THREADS threads write, build, read, tag and remove the comma-separated REFS (each
 *       entry a spelling) for MILLIS; readers print {@code BAD} for a torn, foreign or corrupt sidecar;
 *       prints {@code DONE}.
 *   <li>{@code crash-writer ROOT WORKER WRITER SEED REFS}: writes, builds and removes REFS until killed;
 *       WRITER is a number unique to this process, put into every digest it writes.
 *   <li>{@code crash-builder ROOT WORKER WRITER SEED REF FILES}: builds REF with FILES files in its rootfs,
 *       again and again, until killed.
 *   <li>{@code hold ROOT REF}: takes the image lock, prints {@code LOCKED}, releases it on {@code RELEASE}.
 *   <li>{@code counter ROOT REF FILE TIMES}: TIMES times, under the image lock, reads the number in FILE and
 *       writes it back plus one (lost updates reveal a lock held twice).
 *   <li>{@code build-and-wait ROOT REF}: begins a build, fills its rootfs, prints {@code FILLED}, waits to be
 *       killed.
 *   <li>{@code build-once ROOT WORKER WRITER REF FILES}: builds REF once with FILES files, prints {@code DONE}
 *       and exits (a test may kill it inside the commit, with {@code strace} at a chosen {@code rename}).
 * </ul>
 */
public final class StoreWorker {
    private static final int FILES_PER_BUILD = 24;

    private final AtomicLong sequence = new AtomicLong();
    private final String worker;

    private StoreWorker(String worker) {
        this.worker = worker;
    }

    /** Runs the mode named by {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "stress":
                stress(args);
                break;
            case "crash-writer":
                crashWriter(args);
                break;
            case "crash-builder":
                crashBuilder(args);
                break;
            case "hold":
                hold(args);
                break;
            case "counter":
                counter(args);
                break;
            case "build-and-wait":
                buildAndWait(args);
                break;
            case "build-once":
                buildOnce(args);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String awaitCommand() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? "" : line.strip();
    }

    private static List<String> spellings(String list) {
        return List.of(list.split(","));
    }

    private static void stress(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        Layout layout = Layout.valueOf(args[2]);
        StoreWorker worker = new StoreWorker(args[3]);
        int threads = Integer.parseInt(args[4]);
        long millis = Long.parseLong(args[5]);
        long seed = Long.parseLong(args[6]);
        List<String> references = spellings(args[7]);
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).layout(layout)
                .lockTimeout(Duration.ofSeconds(20)).open()) {
            say("READY");
            if (!awaitCommand().equals("GO")) {
                return;
            }
            long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                int writer = Integer.parseInt(args[3]) * 100 + t;
                Thread thread = new Thread(() -> worker.stressLoop(store, references, random, writer, deadline));
                thread.start();
                running.add(thread);
            }
            for (Thread thread : running) {
                thread.join();
            }
        }
        say("DONE");
    }

    private void stressLoop(FsLocalImageStore store, List<String> references, Random random, int writer, long deadline) {
        while (System.nanoTime() < deadline) {
            String spelling = references.get(random.nextInt(references.size()));
            int dice = random.nextInt(100);
            try {
                if (dice < 35) {
                    write(store, spelling, writer);
                } else if (dice < 45) {
                    build(store, spelling, writer, 1);
                } else if (dice < 75) {
                    check(store, spelling);
                } else if (dice < 88) {
                    tag(store, references.get(random.nextInt(references.size())), spelling);
                } else {
                    remove(store, spelling);
                }
            } catch (IOException | RuntimeException e) {
                say("BAD " + worker + " unexpected " + e.toString().replace('\n', ' '));
            }
        }
    }

    private String start(String kind, String spelling, String value) {
        String id = worker + "-" + sequence.incrementAndGet();
        say("START " + id + " " + kind + " " + ImageReference.parse(spelling).canonical() + " " + System.nanoTime() + " "
                + value);
        return id;
    }

    private static void acknowledge(String id, String value) {
        say("ACK " + id + " " + System.nanoTime() + " " + value);
    }

    private static void fail(String id, RuntimeException e) {
        say("FAIL " + id + " " + System.nanoTime() + " " + e.getClass().getSimpleName() + " "
                + String.valueOf(e.getMessage()).replace('\n', ' '));
    }

    private LocalImageMetadata next(String spelling, int writer) {
        return Sidecars.version(spelling, writer, sequence.incrementAndGet());
    }

    private void write(FsLocalImageStore store, String spelling, int writer) {
        LocalImageMetadata metadata = next(spelling, writer);
        String id = start("WRITE", spelling, metadata.digest().orElseThrow());
        try {
            store.write(metadata);
        } catch (LockTimeoutException e) {
            fail(id, e);
            return;
        }
        acknowledge(id, metadata.digest().orElseThrow());
    }

    private void build(FsLocalImageStore store, String spelling, int writer, int files) throws IOException {
        LocalImageMetadata metadata = next(spelling, writer);
        String digest = metadata.digest().orElseThrow();
        try (ImageBuild build = store.beginBuild(ImageReference.parse(spelling))) {
            Files.createDirectories(build.rootfs().resolve("bin"));
            for (int i = 1; i < files; i++) {
                Files.writeString(build.rootfs().resolve("file-" + i), digest + " " + i);
            }
            Files.writeString(build.rootfs().resolve("bin/tool"), digest);
            Files.writeString(build.rootfs().resolve("bin/files"), digest + " " + (files - 1));
            String id = start("BUILD", spelling, digest);
            try {
                build.commit(metadata);
            } catch (LockTimeoutException e) {
                fail(id, e);
                return;
            }
            acknowledge(id, digest);
        }
    }

    private void tag(FsLocalImageStore store, String source, String target) {
        String id = start("TAG", target, OpLog.UNKNOWN);
        try {
            LocalImageMetadata tagged = store.tag(ImageReference.parse(source), ImageReference.parse(target));
            acknowledge(id, tagged.digest().orElseThrow());
        } catch (ImageNotFoundException | LockTimeoutException e) {
            fail(id, e);
        }
    }

    private void remove(FsLocalImageStore store, String spelling) {
        String id = start("REMOVE", spelling, OpLog.ABSENT);
        try {
            store.remove(ImageReference.parse(spelling), false);
            acknowledge(id, OpLog.ABSENT);
        } catch (ImageNotFoundException | LockTimeoutException e) {
            fail(id, e);
        }
    }

    /** Reads {@code spelling} and reports anything that is not a whole sidecar of that very image. */
    private void check(FsLocalImageStore store, String spelling) {
        ImageReference reference = ImageReference.parse(spelling);
        Optional<LocalImageMetadata> read;
        try {
            read = store.read(reference);
        } catch (CorruptMetadataException | ReferenceConflictException e) {
            say("BAD " + worker + " read " + spelling + ": " + e.toString().replace('\n', ' '));
            return;
        }
        read.flatMap(metadata -> SidecarCheck.problem(reference, metadata))
                .ifPresent(problem -> say("BAD " + worker + " read " + spelling + ": " + problem));
    }

    private static void crashWriter(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        StoreWorker worker = new StoreWorker(args[2]);
        int writer = Integer.parseInt(args[3]);
        Random random = new Random(Long.parseLong(args[4]));
        List<String> references = spellings(args[5]);
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            say("READY");
            while (true) {
                String spelling = references.get(random.nextInt(references.size()));
                int dice = random.nextInt(10);
                if (dice < 5) {
                    worker.write(store, spelling, writer);
                } else if (dice < 9) {
                    worker.build(store, spelling, writer, FILES_PER_BUILD);
                } else {
                    worker.remove(store, spelling);
                }
            }
        }
    }

    private static void crashBuilder(String[] args) throws Exception {
        StoreWorker worker = new StoreWorker(args[2]);
        int writer = Integer.parseInt(args[3]);
        String spelling = args[5];
        int files = Integer.parseInt(args[6]);
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[1]))) {
            say("READY");
            while (true) {
                worker.build(store, spelling, writer, files);
            }
        }
    }

    private static void buildOnce(String[] args) throws IOException {
        StoreWorker worker = new StoreWorker(args[2]);
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[1]))) {
            worker.build(store, args[4], Integer.parseInt(args[3]), Integer.parseInt(args[5]));
        }
        say("DONE");
    }

    private static void hold(String[] args) throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[1]));
                ImageLock lock = store.lock(ImageReference.parse(args[2]))) {
            say("LOCKED " + lock.reference());
            awaitCommand();
        }
        say("RELEASED");
    }

    private static void counter(String[] args) throws IOException {
        Path file = Path.of(args[3]);
        int times = Integer.parseInt(args[4]);
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[1]))) {
            say("READY");
            if (!awaitCommand().equals("GO")) {
                return;
            }
            for (int i = 0; i < times; i++) {
                try (ImageLock lock = store.lock(ImageReference.parse(args[2]))) {
                    long value = Long.parseLong(Files.readString(file).strip());
                    Files.writeString(file, Long.toString(value + 1));
                }
            }
        }
        say("DONE");
    }

    private static void buildAndWait(String[] args) throws IOException {
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[1]));
                ImageBuild build = store.beginBuild(ImageReference.parse(args[2]))) {
            Files.writeString(build.rootfs().resolve("half-built"), "never committed");
            say("FILLED " + build.rootfs());
            awaitCommand();
        }
    }
}
