package io.imagestore.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the command reads from the world besides its arguments: environment variables, the home and
 * temporary directories, the clock, and whether stderr is a terminal. Tests build their own, so a test
 * never touches the user's real home or store.
 */
final class CliEnvironment {
    private final Map<String, String> variables;
    private final Path home;
    private final Path temporaryDirectory;
    private final Clock clock;
    private final boolean interactive;

    CliEnvironment(Map<String, String> variables, Path home, Path temporaryDirectory, Clock clock,
            boolean interactive) {
        this.variables = Map.copyOf(variables);
        this.home = Objects.requireNonNull(home, "home");
        this.temporaryDirectory = Objects.requireNonNull(temporaryDirectory, "temporaryDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interactive = interactive;
    }

    /** The environment of this process; stderr counts as a terminal when the JVM has a console. */
    static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC(), System.console() != null);
    }

    /** The variable's value, empty when it is unset or blank. */
    Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    Path home() {
        return home;
    }

    Path temporaryDirectory() {
        return temporaryDirectory;
    }

    Clock clock() {
        return clock;
    }

    /** Whether progress may be drawn on stderr (a person is watching a terminal). */
    boolean interactive() {
        return interactive;
    }
}
