package io.imagestore.tests.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM running {@link StoreWorker} with this JVM's class path. Its standard output is read line by line
 * as it comes, so the test can wait for a line (a handshake) instead of sleeping, and copied to
 * {@code NAME.out}; its standard error goes to {@code NAME.err}; its standard input carries commands.
 * Closing kills it if it still runs.
 */
final class Child implements AutoCloseable {
    private final String name;
    private final Path output;
    private final Path errors;
    private final Process process;
    private final Writer input;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    private Child(String name, Path output, Path errors, Process process) {
        this.name = name;
        this.output = output;
        this.errors = errors;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::readOutput, "stdout of " + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code StoreWorker args...}, logging into the directory {@code logs}. */
    static Child start(Path logs, String name, String... args) throws IOException {
        return startUnder(List.of(), logs, name, args);
    }

    /**
     * Starts {@code StoreWorker args...} under the command {@code wrapper} (for example {@code strace} with a
     * fault to inject), logging into the directory {@code logs}.
     */
    static Child startUnder(List<String> wrapper, Path logs, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                StoreWorker.class.getName()));
        command.addAll(List.of(args));
        Path errors = logs.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new Child(name, logs.resolve(name + ".out"), errors, process);
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer copy = Files.newBufferedWriter(output)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                copy.write(line + "\n");
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                lines.add("READ-ERROR " + e);
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** The name given at start. */
    String name() {
        return name;
    }

    /**
     * Waits until the child has printed a line matching {@code wanted} (counting lines printed before the
     * call) and returns it; fails when the child ends or {@code timeout} passes first.
     */
    synchronized String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                if (wanted.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError(name + (ended ? " ended" : " timed out") + " before printing the line awaited;"
                        + " output so far: " + lines + "; errors: " + errors());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits until the child has printed {@code count} lines matching {@code wanted}. */
    synchronized void awaitCount(Predicate<String> wanted, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.stream().filter(wanted).count() < count) {
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError(name + " printed fewer than " + count + " awaited lines; output: " + lines
                        + "; errors: " + errors());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private String errors() {
        try {
            String text = Files.readString(errors);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(cannot read " + errors + ": " + e + ")";
        }
    }

    /** Sends one command line to the child's standard input. */
    void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** Every line printed so far (all of them, once the child has ended and its output is drained). */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Kills the child with SIGKILL, as a crash would, and waits for it and its output to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Waits for the child to exit by itself; returns its exit code, or empty when it is still running. */
    Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return Optional.of(process.exitValue());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")");
    }
}
