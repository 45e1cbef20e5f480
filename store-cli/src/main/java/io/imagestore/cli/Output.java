package io.imagestore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.imagestore.api.wire.WireJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a verb's results go: text, tables and JSON on stdout; progress on stderr (terminals only). Holds
 * the clock too, so "2 hours ago" is computed from the same {@link #now()} everywhere.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final CliEnvironment environment;

    Output(PrintWriter out, PrintWriter err, CliEnvironment environment) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Instant now() {
        return environment.clock().instant();
    }

    /** Prints one line on stdout. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints {@code value} as one line of JSON with snake_case names (the command's own JSON shapes). */
    void json(Object value) {
        print(CliJson.WRITER, value);
    }

    /** Prints a wire DTO (or a list of them) as one line, exactly as the daemon's image API writes it. */
    void wire(Object value) {
        print(WireJson.mapper().writer(), value);
    }

    private void print(ObjectWriter writer, Object value) {
        try {
            out.println(writer.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }

    /**
     * The command's own JSON writer, in a holder so that only verbs printing JSON pay for building a
     * Jackson mapper (a third of the command's start-up time).
     */
    private static final class CliJson {
        static final ObjectWriter WRITER = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .writer();
    }

    /** Runs {@code work} with a progress line on stderr, drawn only when stderr is a terminal. */
    <T> T withProgress(String message, Supplier<T> work) {
        return withProgress(message, false, work);
    }

    /**
     * Per-layer progress for a load or import (see {@link LayerProgress}): {@code message} until the first
     * layer starts, then one line per layer ending in {@code complete}; drawn only when stderr is a terminal
     * and not {@code quiet}. Close it when the work ends.
     */
    LayerProgress layerProgress(String message, String complete, boolean quiet) {
        return LayerProgress.start(out, err, message, complete, environment.clock(), visible(quiet));
    }

    private boolean visible(boolean quiet) {
        return environment.interactive() && !quiet;
    }

    /** Like {@link #withProgress(String, Supplier)}, drawing nothing when {@code quiet}. */
    @SuppressWarnings("try")
    <T> T withProgress(String message, boolean quiet, Supplier<T> work) {
        try (Progress progress = Progress.start(err, message, environment.clock(), visible(quiet))) {
            return work.get();
        }
    }
}
