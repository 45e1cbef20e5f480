package io.imagestore.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Entry point of the {@code imagestore} command. Plain {@code inspect} command lines take a start-up path
 * without picocli ({@link InspectShortcut}); everything else goes through {@link FullCommandLine}.
 */
public final class Main {
    private Main() {}

    /**
     * Runs {@code imagestore} with {@code args} and exits with its status (0 ok, 2 usage, 3 not found,
     * 4 corrupt metadata, 5 lock timeout, 6 no route, 1 anything else).
     *
     * @param args the command line, for example {@code ls --format json}
     */
    public static void main(String[] args) {
        nameTheLoggingProvider();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(CliEnvironment.system(), out, err, args));
    }

    /**
     * Names the logging provider the command bundles (slf4j-simple), so that SLF4J loads it directly instead of
     * looking for providers through a {@link java.util.ServiceLoader} over the whole class path (about 5 ms of
     * a 100 ms command), and keeps SLF4J's own notes at warnings and errors, as they are without the property
     * (SLF4J would announce the named provider on stderr). A {@code -D} given to the JVM wins.
     */
    private static void nameTheLoggingProvider() {
        setIfAbsent("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        setIfAbsent("slf4j.internal.verbosity", "WARN");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the command in this process with the given environment and streams; returns the exit code. */
    static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        Optional<Inspection> inspection = InspectShortcut.match(args);
        if (inspection.isPresent()) {
            return InspectShortcut.run(inspection.get(), environment, out, err);
        }
        return FullCommandLine.run(environment, out, err, args);
    }
}
