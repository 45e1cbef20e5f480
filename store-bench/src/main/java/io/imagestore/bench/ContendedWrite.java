package io.imagestore.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Figure {@code contended_write}, a driver rather than a JMH benchmark because it needs a second process.
 *
 * <p>Baseline: one thread writes the image (durable, the default store) for the measured time. Ours: the
 * same image written by {@code --processes} processes (this one and {@link ContendingProcess} children) of
 * {@code --threads} writer threads each, all at once. The figure is the time per write of the whole group
 * (measured time ÷ writes finished by everyone) ÷ the time per write of the single thread: 1.0 means the
 * locks serialise writers without losing throughput. The run also proves that no write was lost: every
 * read-back is checked ({@link ContendingWriter}), and at the end the sidecar on disk must be the last
 * acknowledged write of the writer that wrote it, with no temp file left beside it.
 *
 * <p>Options: {@code --out FILE} (JSON result), {@code --threads 4}, {@code --processes 2},
 * {@code --warmup 2} and {@code --seconds 5} (per phase). Exits with status 1 when a write was lost.
 */
public final class ContendedWrite {
    /** The image every writer writes. */
    static final LocalImageMetadata IMAGE = LocalImageMetadata.of("registry.example.com/builds/contended:v1",
            "darwin", "arm64").withDigest(String.format("sha256:%064x", 1));

    private ContendedWrite() {}

    /**
     * Runs both phases and writes the result.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        DriverOptions options = DriverOptions.parse(args);
        Path root = Workspace.newDirectory("contended-");
        Map<String, Object> result;
        try {
            result = run(root, options);
        } finally {
            Workspace.delete(root);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.path("out").toFile(), result);
        System.out.println("contended_write: " + result);
        if (!Boolean.TRUE.equals(result.get("no_lost_write"))) {
            System.exit(1);
        }
    }

    private static Map<String, Object> run(Path root, DriverOptions options) throws IOException, InterruptedException {
        int threads = options.number("threads", 4);
        int processes = options.number("processes", 2);
        Duration warmup = Duration.ofSeconds(options.number("warmup", 2));
        Duration measured = Duration.ofSeconds(options.number("seconds", 5));
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            store.write(IMAGE);
            Timed single = time(List.of(), new WriterGroup(store, IMAGE, 1, 1), warmup, measured);
            List<Child> children = new ArrayList<>();
            for (int p = 2; p <= processes; p++) {
                children.add(Child.start(root, firstWriterOf(p), threads));
            }
            Timed contended = time(children, new WriterGroup(store, IMAGE, firstWriterOf(1), threads), warmup,
                    measured);
            return report(store.imageDirectory(IMAGE.imageReference()), threads, processes, single, contended);
        }
    }

    /** Writers of process {@code p} (1-based) are numbered from p × 1000 + 1; the single writer is 1. */
    private static int firstWriterOf(int process) {
        return 1000 * process + 1;
    }

    private static Timed time(List<Child> children, WriterGroup group, Duration warmup, Duration measured)
            throws IOException, InterruptedException {
        children.forEach(child -> child.send("warmup"));
        group.start();
        Thread.sleep(warmup.toMillis());
        children.forEach(child -> child.send("measure"));
        group.measure();
        long start = System.nanoTime();
        Thread.sleep(measured.toMillis());
        long nanos = System.nanoTime() - start;
        children.forEach(child -> child.send("stop"));
        List<WriterOutcome> outcomes = new ArrayList<>(group.stop());
        for (Child child : children) {
            outcomes.addAll(child.outcomes());
        }
        return new Timed(nanos, outcomes);
    }

    private static Map<String, Object> report(Path imageDirectory, int threads, int processes, Timed single,
            Timed contended) throws IOException {
        List<String> problems = new ArrayList<>();
        Stream.of(single, contended).flatMap(timed -> timed.outcomes().stream())
                .forEach(outcome -> problems.addAll(outcome.problems()));
        problems.addAll(finalStateProblems(imageDirectory, contended.outcomes()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("processes", processes);
        result.put("threads_per_process", threads);
        result.put("single_us_per_write", single.microsPerWrite());
        result.put("contended_us_per_write", contended.microsPerWrite());
        result.put("contended_writer_latency_us", contended.microsPerWrite() * contended.outcomes().size());
        result.put("ratio", contended.microsPerWrite() / single.microsPerWrite());
        result.put("writes_measured", contended.writes());
        result.put("writes_per_process", List.copyOf(contended.outcomes().stream().collect(Collectors.groupingBy(
                outcome -> outcome.id() / 1000, TreeMap::new, Collectors.summingLong(WriterOutcome::measuredWrites)))
                .values()));
        result.put("writes_per_writer", contended.outcomes().stream().mapToLong(WriterOutcome::measuredWrites)
                .boxed().toList());
        result.put("no_lost_write", problems.isEmpty());
        result.put("problems", problems);
        return result;
    }

    private static List<String> finalStateProblems(Path imageDirectory, List<WriterOutcome> outcomes)
            throws IOException {
        List<String> problems = new ArrayList<>();
        WriteStamp last = WriteStamp.of(HandWrittenBaseline.read(imageDirectory));
        boolean isLastOfItsWriter = outcomes.stream().anyMatch(outcome -> outcome.id() == last.writer()
                && outcome.lastAcknowledged() == last.sequence());
        if (!isLastOfItsWriter) {
            problems.add("the sidecar left on disk is write " + last.sequence() + " of writer " + last.writer()
                    + ", not that writer's last acknowledged write: a later write was lost");
        }
        try (Stream<Path> entries = Files.list(imageDirectory)) {
            entries.map(Path::getFileName).map(Path::toString)
                    .filter(name -> !name.equals(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE))
                    .forEach(name -> problems.add("left beside the sidecar after all writers stopped: " + name));
        }
        return problems;
    }

    /** The writes of one timed phase and how long its measured part lasted. */
    private record Timed(long nanos, List<WriterOutcome> outcomes) {
        long writes() {
            return outcomes.stream().mapToLong(WriterOutcome::measuredWrites).sum();
        }

        double microsPerWrite() {
            return nanos / 1000.0 / Math.max(1, writes());
        }
    }

    /** A running {@link ContendingProcess}, commanded through its standard input. */
    private static final class Child {
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader replies;

        private Child(Process process) {
            this.process = process;
            this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Child start(Path root, int firstWriter, int threads) throws IOException {
            Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    ContendingProcess.class.getName(), root.toString(), Integer.toString(firstWriter),
                    Integer.toString(threads))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Child child = new Child(process);
            child.expect("ready");
            return child;
        }

        void send(String command) {
            commands.println(command);
        }

        List<WriterOutcome> outcomes() throws IOException, InterruptedException {
            String line = replies.readLine();
            int status = process.waitFor();
            if (line == null || status != 0) {
                throw new IllegalStateException("the second writer process ended with status " + status
                        + " before reporting; see its messages above");
            }
            return new ObjectMapper().readValue(line, new TypeReference<List<WriterOutcome>>() {});
        }

        private void expect(String expected) {
            try {
                String line = replies.readLine();
                if (!expected.equals(line)) {
                    throw new IllegalStateException("the second writer process said `" + line + "` instead of `"
                            + expected + "`; see its messages above");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read from the second writer process", e);
            }
        }
    }
}
