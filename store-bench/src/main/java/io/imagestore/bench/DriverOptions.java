package io.imagestore.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} options of the benchmark drivers run by {@code run.sh}. */
final class DriverOptions {
    private final Map<String, String> values = new HashMap<>();

    private DriverOptions(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected `--name value` pairs, got `" + String.join(" ", args)
                        + "`");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    /** Parses {@code args}, which must be {@code --name value} pairs. */
    static DriverOptions parse(String[] args) {
        return new DriverOptions(args);
    }

    /** The value of {@code --name}, or {@code fallback} when not given. */
    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The path given as {@code --name}. */
    Path path(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing option --" + name);
        }
        return Paths.get(value);
    }

    /** The whole number given as {@code --name}, or {@code fallback}. */
    int number(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
