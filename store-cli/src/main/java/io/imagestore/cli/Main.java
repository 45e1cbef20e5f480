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
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(CliEnvironment.system(), out, err, args));
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
