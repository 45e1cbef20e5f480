package io.imagestore.fs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A spawned JVM running {@link LockHolderMain} with this JVM's class path. Lines it prints are queued
 * by a reader thread; {@link #expect} waits for the next one (bounded, so a broken child fails the
 * test instead of hanging it).
 */
final class ChildJvm implements AutoCloseable {
    private static final long LINE_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code LockHolderMain command root reference extra...}. */
    static ChildJvm start(String command, Path root, String reference, String... extra) throws IOException {
        List<String> commandLine = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                LockHolderMain.class.getName(), command, root.toString(), reference));
        commandLine.addAll(List.of(extra));
        Process process = new ProcessBuilder(commandLine).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ChildJvm(process);
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("IO-ERROR " + e);
        }
        lines.add("EOF");
    }

    /** The next line the child prints (or {@code EOF}); fails after a minute of silence. */
    String expect() throws InterruptedException {
        String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the child process printed nothing for " + LINE_TIMEOUT_SECONDS + " s");
        }
        return line;
    }

    /** Sends one line to the child. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Kills the child the way a crash would (SIGKILL) and waits for it to die. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for the child to exit by itself and returns its exit code. */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the child process did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
