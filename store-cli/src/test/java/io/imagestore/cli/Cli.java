package io.imagestore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Runs {@code imagestore} in this JVM with captured stdout/stderr and an environment of the test's own. */
final class Cli {
    /**
     * The fixed "now" of the command in every test, so relative times are exact: ten minutes after the tests
     * started (whole seconds), so that files a test has just made are older than a zero grace period, yet
     * younger than prune's default hour, when the store compares them with real file times.
     */
    static final Instant NOW = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

    /** {@link #NOW} minus {@code age}, in RFC 3339. */
    static String ago(Duration age) {
        return NOW.minus(age).toString();
    }

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

    /** Runs the command line through picocli even where {@link Main} would take {@link InspectShortcut}. */
    Result runWithoutShortcut(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FullCommandLine.run(environment(), new PrintWriter(out, true), new PrintWriter(err, true), args);
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
