package io.imagestore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs {@code imagestore} in this JVM with captured stdout/stderr and an environment of the test's own. */
final class Cli {
    /** The fixed "now" of every test run: 2025-06-01T12:00:00Z. */
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final Path home;
    private final Map<String, String> variables;
    private final boolean interactive;

    private Cli(Path home, Map<String, String> variables, boolean interactive) {
        this.home = home;
        this.variables = variables;
        this.interactive = interactive;
    }

    /** A command whose home and temporary directory are {@code home} (never the user's real home). */
    static Cli in(Path home) {
        return new Cli(home, Map.of(), false);
    }

    /** The same command with these environment variables. */
    Cli withVariables(Map<String, String> newVariables) {
        return new Cli(home, newVariables, interactive);
    }

    /** The same command with stderr treated as a terminal (progress drawn). */
    Cli interactive() {
        return new Cli(home, variables, true);
    }

    CliEnvironment environment() {
        return new CliEnvironment(variables, home, home, Clock.fixed(NOW, ZoneOffset.UTC), interactive);
    }

    /** Runs the command line and returns what it printed and its exit code. */
    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(environment(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What one run printed, and its exit code. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
